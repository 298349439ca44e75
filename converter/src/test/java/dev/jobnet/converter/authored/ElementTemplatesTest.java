package dev.jobnet.converter.authored;

import static dev.jobnet.converter.testing.ValidationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.check.KnownJobnets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The element templates for Camunda Modeler ({@code modeler/element-templates/jobnet.json}) follow
 * Camunda's schema for Camunda 7 templates, and what applying them writes is a jobnet the checker takes.
 */
class ElementTemplatesTest {

  private static final Path TEMPLATES = Path.of("..", "modeler", "element-templates", "jobnet.json");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theTemplatesFollowCamundasSchemaForCamunda7Templates() throws IOException {
    // given: the schema of @camunda/element-templates-json-schema 0.22.1 (MIT), copied into the tests
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/modeler/element-templates-schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    JsonNode templates = json.readTree(TEMPLATES.toFile());
    // when / then
    assertThat(templates).hasSize(4);
    for (JsonNode template : templates) {
      assertThat(schema.validate(template)).as("template %s", template.get("id")).isEmpty();
    }
  }

  @Test
  void whatTheTemplatesWriteWithTheirDefaultsAndACommandIsAValidJobnet() throws IOException {
    // given: a process of one job, one expansion, a nested jobnet with a job and a finally with a job,
    // each with the attributes and properties its template writes
    JsonNode templates = json.readTree(TEMPLATES.toFile());
    String job = applied(templates, "dev.jobnet.job", "bpmn:serviceTask", "job-1", "echo one");
    String inner = applied(templates, "dev.jobnet.job", "bpmn:serviceTask", "job-2", "echo two");
    String last = applied(templates, "dev.jobnet.job", "bpmn:serviceTask", "job-3", "echo three");
    String expansion = applied(templates, "dev.jobnet.expansion", "bpmn:callActivity", "call", null)
        .replace("calledElement=\"\"", "calledElement=\"lib\"");
    String bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <bpmn:process id="templated" isExecutable="true">
            <bpmn:startEvent id="start"/>
            %s
            %s
            %s
            %s
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="job-1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="job-1" targetRef="call"/>
            <bpmn:sequenceFlow id="f3" sourceRef="call" targetRef="nested"/>
            <bpmn:sequenceFlow id="f4" sourceRef="nested" targetRef="fin"/>
            <bpmn:sequenceFlow id="f5" sourceRef="fin" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(job, expansion,
        container(templates, "dev.jobnet.jobnet", "nested", inner), container(templates, "dev.jobnet.finally", "fin", last));
    // when
    Validation v = new JobnetConverter().validate(List.of(), List.of(new BpmnSource("t.bpmn",
        bpmn.getBytes(StandardCharsets.UTF_8))), new KnownJobnets(Map.of("lib", Set.of())));
    // then
    assertThat(v).isValid();
    String deployed = new String(v.bpmn().get(0).content(), StandardCharsets.UTF_8);
    assertThat(deployed).contains("<camunda:property name=\"jobnet.retries\" value=\"5\"/>",
        "<camunda:property name=\"jobnet.backoff\" value=\"PT10S\"/>",
        "<camunda:property name=\"jobnet.path\" value=\"/templated/finally/job-3\"/>",
        "<camunda:property name=\"jobnet.upstream\" value=\"call\"/>")
        .doesNotContain("name=\"jobnet.timeout\"", "name=\"jobnet.workdir\"");
  }

  /** The element as Camunda Modeler writes it when the template is applied with its default values. */
  private static String applied(JsonNode templates, String id, String element, String elementId, String command) {
    JsonNode template = find(templates, id);
    StringBuilder attributes = new StringBuilder(" id=\"" + elementId + "\" camunda:modelerTemplate=\"" + id + "\"");
    StringBuilder props = new StringBuilder();
    StringBuilder ins = new StringBuilder();
    for (JsonNode p : template.get("properties")) {
      JsonNode binding = p.get("binding");
      String value = p.has("value") ? p.get("value").asText() : "";
      switch (binding.get("type").asText()) {
        case "property" -> attributes.append(' ').append(binding.get("name").asText()).append("=\"")
            .append(value).append('"');
        case "camunda:property" -> props.append("<camunda:property name=\"").append(binding.get("name").asText())
            .append("\" value=\"").append(binding.get("name").asText().equals("jobnet.command") ? command : value)
            .append("\"/>");
        case "camunda:in:businessKey" -> ins.append("<camunda:in businessKey=\"").append(value).append("\"/>");
        case "camunda:in" -> ins.append("<camunda:in variables=\"").append(binding.get("variables").asText())
            .append("\"/>");
        default -> throw new IllegalStateException("binding not covered by this test: " + binding);
      }
    }
    String ext = props.isEmpty() && ins.isEmpty() ? "" : "<bpmn:extensionElements>"
        + (props.isEmpty() ? "" : "<camunda:properties>" + props + "</camunda:properties>") + ins
        + "</bpmn:extensionElements>";
    if (!attributes.toString().contains("calledElement=") && element.equals("bpmn:callActivity")) {
      attributes.append(" calledElement=\"\"");
    }
    return "<" + element + attributes + ">" + ext + "</" + element + ">";
  }

  private static String container(JsonNode templates, String id, String elementId, String job) {
    String opened = applied(templates, id, "bpmn:subProcess", elementId, null);
    String inner = "<bpmn:startEvent id=\"" + elementId + "-s\"/>" + job + "<bpmn:endEvent id=\"" + elementId + "-e\"/>"
        + "<bpmn:sequenceFlow id=\"" + elementId + "-f1\" sourceRef=\"" + elementId + "-s\" targetRef=\""
        + job.replaceAll("(?s).*? id=\"([^\"]+)\".*", "$1") + "\"/>"
        + "<bpmn:sequenceFlow id=\"" + elementId + "-f2\" sourceRef=\""
        + job.replaceAll("(?s).*? id=\"([^\"]+)\".*", "$1") + "\" targetRef=\"" + elementId + "-e\"/>";
    return opened.replace("</bpmn:subProcess>", inner + "</bpmn:subProcess>");
  }

  private static JsonNode find(JsonNode templates, String id) {
    for (JsonNode t : templates) {
      if (t.get("id").asText().equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no template " + id);
  }
}
