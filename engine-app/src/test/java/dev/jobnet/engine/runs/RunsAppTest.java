package dev.jobnet.engine.runs;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.protocol.ProcessVariables;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code GET /jobnet-api/runs/{id}}: the tree an operator reads, through a run with a failure and a skip. */
class RunsAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;
  @Autowired
  ProcessEngine engine;

  private final ObjectMapper json = new ObjectMapper();

  private String deploy(String yamlTemplate) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, yamlTemplate.replace("$", suffix));
    return suffix;
  }

  private LockedExternalTask fetch(String runId, String activityId) {
    for (int i = 0; i < 100; i++) {
      String key = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(runId).singleResult()
          .getProcessDefinitionId();
      LockedExternalTask found = null;
      for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(50, "agent-1")
          .topic("jobnet.default", 60_000).processDefinitionId(key).execute()) {
        if (found == null && t.getActivityId().equals(activityId) && t.getProcessInstanceId().equals(runId)) {
          found = t;
        } else {
          engine.getExternalTaskService().unlock(t.getId());
        }
      }
      if (found != null) {
        return found;
      }
      try {
        Thread.sleep(50); // the join behind a branch is an async job of the job executor
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("job " + activityId + " of run " + runId + " never became fetchable; tasks: "
        + engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(runId).list().stream()
            .map(t -> t.getActivityId() + " locked by " + t.getWorkerId() + " until " + t.getLockExpirationTime())
            .toList());
  }

  private JsonNode tree(String runId) throws Exception {
    ResponseEntity<String> r = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs/" + runId,
        String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  private static JsonNode node(JsonNode nodes, String elementId) {
    for (JsonNode n : nodes) {
      if (n.get("elementId").asText().equals(elementId)) {
        return n;
      }
    }
    throw new AssertionError("no node " + elementId + " in " + nodes);
  }

  @Test
  void theTreeShowsStatesReasonsAgentsAndNesting() throws Exception {
    // given
    String s = deploy("""
        jobnets:
          runs-$:
            name: 夜間
            jobs:
              a: { run: a.sh, next: [b, net] }
              b: { run: b.sh, next: c }
              c: c.sh
              net:
                jobnet:
                  jobs:
                    x: x.sh
            finally:
              jobs:
                tidy: t.sh
        """);
    String runId = engine.getRuntimeService().startProcessInstanceByKey("runs-" + s, "key-" + s).getId();
    LockedExternalTask a = fetch(runId, "a");
    // when: a is running
    JsonNode running = tree(runId);
    // then
    assertThat(running.get("state").asText()).isEqualTo("RUNNING");
    assertThat(running.get("name").asText()).isEqualTo("夜間");
    assertThat(running.get("businessKey").asText()).isEqualTo("key-" + s);
    assertThat(node(running.get("nodes"), "a").get("state").asText()).isEqualTo("RUNNING");
    assertThat(node(running.get("nodes"), "a").get("agent").asText()).isEqualTo("agent-1");
    assertThat(node(running.get("nodes"), "b").get("state").asText()).isEqualTo("WAITING");

    // when: a succeeds, b fails, x succeeds, tidy succeeds
    engine.getExternalTaskService().complete(a.getId(), "agent-1");
    LockedExternalTask b = fetch(runId, "b");
    engine.getExternalTaskService().complete(b.getId(), "agent-1", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 3"));
    engine.getExternalTaskService().complete(fetch(runId, "net.x").getId(), "agent-1");
    engine.getExternalTaskService().complete(fetch(runId, "_finally.tidy").getId(), "agent-1");

    // then
    JsonNode done = awaitEnded(runId);
    assertThat(done.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(done.get("endTime").isNull()).isFalse();
    JsonNode nodes = done.get("nodes");
    assertThat(node(nodes, "b").get("state").asText()).isEqualTo("FAILED");
    assertThat(node(nodes, "b").get("reason").asText()).isEqualTo("exit status 3");
    assertThat(node(nodes, "c").get("state").asText()).isEqualTo("SKIPPED");
    assertThat(node(nodes, "c").get("reason").asText()).isEqualTo("upstream b FAILED");
    assertThat(node(nodes, "net").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(node(node(nodes, "net").get("children"), "net.x").get("path").asText())
        .isEqualTo("/runs-" + s + "/net/x");
    assertThat(node(node(nodes, "_finally").get("children"), "_finally.tidy").get("state").asText())
        .isEqualTo("SUCCEEDED");
  }

  @Test
  void anExpansionShowsTheRunOfTheExpandedRootInside() throws Exception {
    // given
    String s = deploy("""
        jobnets:
          caller-$:
            jobs:
              call: { expand: called-$ }
          called-$:
            jobs:
              inner: i.sh
        """);
    String runId = engine.getRuntimeService().startProcessInstanceByKey("caller-" + s).getId();
    String calledRun = engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(runId)
        .singleResult().getId();
    fetch(calledRun, "inner");
    // when
    JsonNode tree = tree(runId);
    // then
    JsonNode call = node(tree.get("nodes"), "call");
    assertThat(call.get("kind").asText()).isEqualTo("expansion");
    assertThat(call.get("state").asText()).isEqualTo("RUNNING");
    assertThat(call.get("runId").asText()).isEqualTo(calledRun);
    assertThat(node(call.get("children"), "inner").get("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void theDiagramOfARunThatEndedIsTheBpmnItRan() throws Exception {
    // given: a run that ended
    String s = deploy("""
        jobnets:
          diagram-$:
            jobs:
              only: o.sh
        """);
    String runId = engine.getRuntimeService().startProcessInstanceByKey("diagram-" + s).getId();
    engine.getExternalTaskService().complete(fetch(runId, "only").getId(), "agent-1");
    awaitEnded(runId);
    // when
    ResponseEntity<String> r = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs/" + runId
        + "/diagram", String.class);
    // then: the definition's BPMN, with its diagram, for the Run page to draw
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getHeaders().getContentType().toString()).startsWith("application/xml");
    assertThat(r.getBody()).contains("id=\"diagram-" + s + "\"").contains("id=\"only\"").contains("BPMNDiagram");
    assertProblem(rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs/nope/diagram", String.class),
        404, "NOT_FOUND");
  }

  @Test
  void anUnknownRunIs404() {
    ResponseEntity<String> r = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs/nope",
        String.class);
    assertThat(assertProblem(r, 404, "NOT_FOUND").get("detail").asText()).contains("no run nope");
  }

  private JsonNode awaitEnded(String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode t = tree(runId);
    while (t.get("endTime").isNull() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      t = tree(runId);
    }
    assertThat(t.get("endTime").isNull()).as("run %s ended within 20 s; last tree %s", runId, t).isFalse();
    return t;
  }
}
