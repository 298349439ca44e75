package dev.jobnet.engine.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.SecondNode;
import dev.jobnet.engine.testing.TestDatabase;
import dev.jobnet.protocol.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A callback outstanding while the engine app is stopped is accepted by the engine app started again
 * on the same database: the attempt's callback lives in the database, not in the engine's memory.
 * Both engine apps are whole, on a database of this test's own.
 */
class CallbackAcrossEngineRestartAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String WORKER = "agent-restart";

  @TempDir
  Path definitions;

  private final TestDatabase db = TestDatabase.create(TestDatabase.configuredKind());
  private ConfigurableApplicationContext node;

  @AfterEach
  void stopNodeAndDropDatabase() {
    if (node != null) {
      node.close();
    }
    db.drop();
  }

  private ConfigurableApplicationContext start(String name) {
    return SecondNode.start(db, List.of(), "callback-restart-" + name, definitions);
  }

  private static String base(ConfigurableApplicationContext app) {
    return "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
  }

  private static HttpResponse<String> post(String url, String json, boolean asOperator) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header(Protocol.HEADER, Integer.toString(Protocol.VERSION))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (asOperator) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((EngineAppTest.ADMIN + ":"
          + EngineAppTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aCallbackOutstandingWhenTheEngineStopsIsAcceptedByTheEngineStartedAgain() throws Exception {
    // given: an http job with callback: true whose backend accepted the request; the engine holds it
    Files.writeString(definitions.resolve("restart.yaml"), """
        jobnets:
          callback-restart:
            jobs:
              encode:
                http: { url: "https://video.internal/encode", body: { video: v-1 }, callback: true }
                timeout: 2h
        """);
    node = start("first");
    ProcessEngine first = node.getBean(ProcessEngine.class);
    String run = first.getRuntimeService().startProcessInstanceByKey("callback-restart").getId();
    LockedExternalTask task = first.getExternalTaskService().fetchAndLock(1, WORKER).topic("jobnet.default", 60_000)
        .execute().get(0);
    String agent = "{\"workerId\":\"" + WORKER + "\",\"attempt\":1}";
    assertThat(post(base(node) + "/jobnet-api/jobs/" + task.getId() + "/start", agent, true).statusCode())
        .isEqualTo(200);
    HttpResponse<String> registered = post(base(node) + "/jobnet-api/jobs/" + task.getId() + "/callback", agent, true);
    String callbackUrl = JSON.readTree(registered.body()).get("callbackUrl").asText();
    assertThat(JSON.readTree(post(base(node) + "/jobnet-api/jobs/" + task.getId() + "/callback/wait", agent, true)
        .body()).get("state").asText()).isEqualTo("WAITING");

    // when: the engine app stops and starts again; the backend reports to its URL (no credentials)
    node.close();
    node = start("second");
    HttpResponse<String> result = post(base(node) + URI.create(callbackUrl).getPath(), "{\"result\": \"ok\"}", false);

    // then
    assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
    JsonNode state = JSON.readTree(result.body());
    assertThat(state.get("state").asText()).isEqualTo("SUCCEEDED");
    ProcessEngine second = node.getBean(ProcessEngine.class);
    assertThat(second.getRuntimeService().createProcessInstanceQuery().processInstanceId(run).count())
        .as("the run ended").isZero();
    assertThat(second.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName("jobnetOutcome").singleResult().getValue()).isEqualTo("SUCCEEDED");
  }
}
