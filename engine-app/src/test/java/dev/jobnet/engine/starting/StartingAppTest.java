package dev.jobnet.engine.starting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.EngineAppTest;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Applications start jobnets with the engine's REST API; parameters and business keys as they expect. */
class StartingAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;
  @Autowired
  ProcessEngine engine;

  private final ObjectMapper json = new ObjectMapper();
  private String jobnet;

  @BeforeEach
  void deploy() {
    jobnet = "start-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, """
        jobnets:
          %s:
            jobs:
              work: w.sh
        """.formatted(jobnet));
  }

  private ResponseEntity<String> start(String businessKey) {
    Map<String, Object> body = Map.of("businessKey", businessKey,
        "variables", Map.of("file", Map.of("value", "/data/in.csv", "type", "String")));
    return rest.withBasicAuth(ADMIN, ADMIN_PASSWORD)
        .postForEntity("/engine-rest/process-definition/key/" + jobnet + "/start", body, String.class);
  }

  @Test
  void aStartOverRestRunsTheJobnetWithItsParameters() throws Exception {
    // when
    ResponseEntity<String> response = start("order-1");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    String id = json.readTree(response.getBody()).get("id").asText();
    assertThat(engine.getRuntimeService().getVariable(id, "file")).isEqualTo("/data/in.csv");
    assertThat(engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(id).count()).isEqualTo(1);
  }

  @Test
  void aScheduleStartsTheJobnetOnTime() throws Exception {
    // given: every two seconds
    String scheduled = "sched-" + UUID.randomUUID().toString().substring(0, 8);
    String deployment = JobnetDeployment.deploy(engine, """
        jobnets:
          %s:
            schedule: "0/2 * * * * ?"
            jobs:
              tick: t.sh
        """.formatted(scheduled));
    try {
      // when: the scheduler looks (every 5 s) and finds a tick due
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      long runs = 0;
      while (runs == 0 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        runs = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(scheduled).count();
      }
      // then
      assertThat(runs).as("runs started by the schedule within 20 s").isPositive();
    } finally {
      engine.getRepositoryService().deleteDeployment(deployment, true);
    }
  }

  @Test
  void aRetriedSubmitWithTheSameBusinessKeyIsRefusedWith409() throws Exception {
    // given
    ResponseEntity<String> first = start("order-2");
    String firstId = json.readTree(first.getBody()).get("id").asText();
    // when
    ResponseEntity<String> second = start("order-2");
    // then
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    JsonNode error = json.readTree(second.getBody());
    assertThat(error.get("type").asText()).isEqualTo("DuplicateRunException");
    assertThat(error.get("message").asText()).contains("already has a running run with business key 'order-2'");
    assertThat(error.get("runningInstanceId").asText()).isEqualTo(firstId);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(jobnet).count())
        .isEqualTo(1);
  }
}
