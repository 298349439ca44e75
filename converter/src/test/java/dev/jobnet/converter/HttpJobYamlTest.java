package dev.jobnet.converter;

import static dev.jobnet.converter.testing.ValidationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.converter.authored.BpmnSource;
import dev.jobnet.converter.check.KnownJobnets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code http:} jobs: the request an agent sends, written on the job's service task for the agents,
 * with every mistake located before anything runs.
 */
class HttpJobYamlTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobnetConverter converter = new JobnetConverter();

  private Validation validate(String yaml) {
    return converter.validate(List.of(new SourceFile("web.yaml", yaml)));
  }

  private static Map<String, String> props(String bpmn, String taskId) {
    BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn.getBytes(StandardCharsets.UTF_8)));
    ServiceTask task = model.getModelElementById(taskId);
    Map<String, String> out = new HashMap<>();
    for (CamundaProperty p : task.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class)
        .singleResult().getCamundaProperties()) {
      out.put(p.getCamundaName(), p.getCamundaValue());
    }
    out.put("(topic)", task.getCamundaTopic());
    return out;
  }

  @Test
  void anHttpJobBecomesAJobOfItsServerWithItsRequestForTheAgents() throws Exception {
    // when
    Validation v = validate("""
        jobnets:
          video:
            server: web-1
            jobs:
              encode:
                http:
                  url: https://video.internal/api/encode?tenant=${param:tenant}
                  headers: { Authorization: "Bearer ${secret:video-api-token}", X-Source: jobnet }
                  body:
                    video: "${param:videoId}"
                    sizes: [320, 640]
                    hd: true
                    ratio: 1.5
                    note: null
                    quoted: "42"
                    text: "line \\"one\\"\\nline two"
                  callback: true
                timeout: 2h
                retry: { retries: 5, backoff: 30s, factor: 2, jitter: 0.2 }
                next: notify
              notify:
                http: { url: "https://video.internal/api/done", method: put }
        """);

    // then
    assertThat(v).isValid();
    String bpmn = converter.convert(v).get(0).bpmnXml();
    Map<String, String> encode = props(bpmn, "encode");
    assertThat(encode).containsEntry("jobnet.kind", "job")
        .containsEntry("(topic)", "jobnet.web-1")
        .containsEntry("jobnet.server", "web-1")
        .containsEntry("jobnet.http.url", "https://video.internal/api/encode?tenant=${param:tenant}")
        .containsEntry("jobnet.http.method", "POST")
        .containsEntry("jobnet.http.header.Authorization", "Bearer ${secret:video-api-token}")
        .containsEntry("jobnet.http.header.X-Source", "jobnet")
        .containsEntry("jobnet.http.callback", "true")
        .containsEntry("jobnet.timeout", "PT2H")
        .containsEntry("jobnet.retries", "5")
        .containsEntry("jobnet.backoff", "PT30S")
        .doesNotContainKey("jobnet.command");
    JsonNode body = JSON.readTree(encode.get("jobnet.http.body"));
    assertThat(body.get("video").asText()).isEqualTo("${param:videoId}");
    assertThat(body.get("sizes").get(1).isInt()).isTrue();
    assertThat(body.get("sizes").get(1).asInt()).isEqualTo(640);
    assertThat(body.get("hd").isBoolean()).isTrue();
    assertThat(body.get("ratio").asDouble()).isEqualTo(1.5);
    assertThat(body.get("note").isNull()).isTrue();
    assertThat(body.get("quoted").isTextual()).as("quoted YAML text stays text").isTrue();
    assertThat(body.get("text").asText()).isEqualTo("line \"one\"\nline two");
    assertThat(props(bpmn, "notify")).containsEntry("jobnet.http.method", "PUT")
        .doesNotContainKey("jobnet.http.body").doesNotContainKey("jobnet.http.callback");
  }

  @Test
  void everyMistakeOfAnHttpJobIsReportedAtOnceWhereItIs() {
    Validation v = validate("""
        jobnets:
          video:
            jobs:
              no-url:
                http: { method: POST }
              bad:
                http:
                  url: video.internal/encode
                  method: POTS
                  headers: { Idempotency-Key: mine, "bad name": x }
                  body: { video: "${params:videoId}" }
                workdir: /tmp
              get-body:
                http: { url: "https://x.internal/a", method: GET, body: { a: 1 } }
              callback-text:
                http: { url: "https://x.internal/a", body: just text, callback: true }
              callback-jobnet:
                http: { url: "https://x.internal/a", body: { jobnet: 1 }, callback: yes }
              both:
                run: echo both
                http: { url: "https://x.internal/a" }
        """);

    assertThat(v).hasFinding(FindingCode.MISSING_KEY).at("web.yaml", 5, 9)
        .withMessageContaining("the HTTP request of job 'no-url' has no 'url:'").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 8, 16)
        .withMessageContaining("url 'video.internal/encode' is not an absolute http or https URL").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 9, 19)
        .withMessageContaining("method 'POTS' is none of GET, POST, PUT, PATCH, DELETE", "did you mean 'POST'?").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 10, 22)
        .withMessageContaining("header 'Idempotency-Key' is set by the agent itself").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 10, 45)
        .withMessageContaining("'bad name' is no header name").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 11, 26)
        .withMessageContaining("'${params:videoId}' is no placeholder", "${param:NAME}", "${secret:NAME}").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 12, 9)
        .withMessageContaining("'workdir:' has no effect on job 'bad', which sends an HTTP request").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 14, 59)
        .withMessageContaining("a GET request of job 'get-body' has no body").and()
        .hasFinding(FindingCode.WRONG_TYPE).at("web.yaml", 16, 52)
        .withMessageContaining("with 'callback: true' the body is a mapping").and()
        .hasFinding(FindingCode.INVALID_VALUE).at("web.yaml", 18, 54)
        .withMessageContaining("the member 'jobnet' of a callback job's body is the agent's").and()
        .hasFinding(FindingCode.JOB_WITH_SEVERAL_ACTIONS).at("web.yaml", 21, 9)
        .withMessageContaining("job 'both' has 'run:' and 'http:'").and()
        .hasFindingCount(11);
  }

  @Test
  void theConvertersBpmnOfAnHttpJobIsKeptByteForByteWhenCheckedAsAuthoredBpmn() {
    // given
    Validation yaml = validate("""
        jobnets:
          web:
            jobs:
              call:
                http:
                  url: "https://app.internal/jobs/${param:id}"
                  headers: { Authorization: "${secret:app-token}" }
                  body: { id: "${param:id}" }
                  callback: true
                timeout: 10m
        """);
    byte[] bpmn = converter.convert(yaml).get(0).bpmnXml().getBytes(StandardCharsets.UTF_8);

    // when
    Validation v = converter.validate(List.of(), List.of(new BpmnSource("web.bpmn", bpmn)), KnownJobnets.NONE);

    // then
    assertThat(v).isValid();
    assertThat(new String(v.bpmn().get(0).content(), StandardCharsets.UTF_8))
        .isEqualTo(new String(bpmn, StandardCharsets.UTF_8));
  }
}
