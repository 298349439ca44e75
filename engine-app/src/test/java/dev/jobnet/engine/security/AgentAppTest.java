package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.security.SecurityTestSupport.Caller;
import dev.jobnet.engine.testing.EngineAppTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The agents' user works on the jobs of every application (tenant) and may do nothing else: no
 * deploying, starting, cancelling.
 */
class AgentAppTest extends EngineAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final TwoApplications apps = TwoApplications.withJobnets("agent-a-", "agent-b-").andAnAgent();

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  String worker;
  Caller agent;

  @BeforeEach
  void anAgent() {
    agent = Caller.as(rest, apps.agent());
    worker = "worker-" + apps.suffix();
  }

  @Test
  void theAgentFetchesExtendsFailsAndCompletesJobsOfEveryTenant() throws Exception {
    // given: a run of each application, waiting for its job
    ProcessInstance runOfA = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfA());
    ProcessInstance runOfB = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfB());
    awaitExternalTasks(2);
    // when
    Map<String, JsonNode> byTenant = fetchAndLock(2);
    // then: one job of each tenant
    assertThat(byTenant).containsOnlyKeys(apps.a().id(), apps.b().id());
    String taskOfA = byTenant.get(apps.a().id()).get("id").asText();
    String taskOfB = byTenant.get(apps.b().id()).get("id").asText();
    assertThat(agent.post("/engine-rest/external-task/" + taskOfA + "/extendLock",
        "{\"workerId\":\"" + worker + "\",\"newDuration\":60000}").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(agent.get("/engine-rest/process-instance/" + runOfA.getId() + "/variables").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(agent.post("/engine-rest/external-task/" + taskOfB + "/failure",
        "{\"workerId\":\"" + worker + "\",\"errorMessage\":\"exit 1\",\"retries\":1,\"retryTimeout\":0}")
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(complete(taskOfA).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    // and the failed job comes back and completes
    String retriedOfB = fetchAndLock(1).get(apps.b().id()).get("id").asText();
    assertThat(complete(retriedOfB).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(engine.getExternalTaskService().createExternalTaskQuery()
        .processInstanceIdIn(runOfA.getId(), runOfB.getId()).count()).isZero();
  }

  @Test
  void theAgentCannotDeploy() {
    // when
    ResponseEntity<String> response = agent.deploy("deployed-by-agent-" + SecurityTestSupport.unique());
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void theAgentCannotStartARun() {
    // when
    ResponseEntity<String> response = agent.post(
        "/engine-rest/process-definition/key/" + apps.jobnetOfA() + "/tenant-id/" + apps.a().id() + "/start", "{}");
    // then: agents may not read definitions, so Camunda does not find it for them
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(apps.jobnetOfA()).count())
        .isZero();
  }

  @Test
  void theAgentCannotCancelARun() {
    // given
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfA());
    // when
    ResponseEntity<String> response = agent.delete("/engine-rest/process-instance/" + run.getId());
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(run.getId()).count())
        .isOne();
  }

  private void awaitExternalTasks(int count) {
    await("the jobs of " + apps.jobnetOfA() + " and " + apps.jobnetOfB()).atMost(Duration.ofSeconds(30))
        .until(() -> engine.getExternalTaskService().createExternalTaskQuery()
            .processDefinitionKeyIn(apps.jobnetOfA(), apps.jobnetOfB()).count() == count);
  }

  /** Fetches the jobs of this test's jobnets, by tenant. */
  private Map<String, JsonNode> fetchAndLock(int expected) throws Exception {
    Map<String, JsonNode> byTenant = new HashMap<>();
    await("fetching " + expected + " jobs").atMost(Duration.ofSeconds(30)).until(() -> {
      ResponseEntity<String> response = agent.post("/engine-rest/external-task/fetchAndLock", """
          {"workerId":"%s","maxTasks":10,"topics":[{"topicName":"jobnet.default","lockDuration":60000,
           "processDefinitionKeyIn":["%s","%s"]}]}""".formatted(worker, apps.jobnetOfA(), apps.jobnetOfB()));
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
      for (JsonNode task : JSON.readTree(response.getBody())) {
        byTenant.put(task.get("tenantId").asText(), task);
      }
      return byTenant.size() >= expected;
    });
    return byTenant;
  }

  private ResponseEntity<String> complete(String taskId) {
    return agent.post("/engine-rest/external-task/" + taskId + "/complete", "{\"workerId\":\"" + worker + "\"}");
  }
}
