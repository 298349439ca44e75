package dev.jobnet.engine.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.security.JobnetGroups;
import dev.jobnet.engine.testing.OperatorTestBase;
import dev.jobnet.engine.testing.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * A run deleted with the engine's own means (Cockpit's ×, {@code DELETE /engine-rest/process-instance/{id}})
 * leaves the trail of a stop, whether custom listeners are skipped (Cockpit's default) or not: the run
 * and its running jobs STOPPED in the run tree, by whom, in the event log, and the agents' next
 * heartbeat finds the jobs gone (404: they kill the processes). The runs its expansions started go
 * with it.
 */
class EngineDeletionAppTest extends OperatorTestBase {

  private static final String OPERATOR_PASSWORD = "operator-secret";

  private static final String WITH_EXPANSION = """
      jobnets:
        %1$s:
          jobs:
            first: { run: echo first, next: [long, call] }
            long: { run: sleep 100, next: after }
            call: { expand: %1$s-inner, next: after }
            after: echo after
          finally:
            jobs:
              cleanup: echo cleanup
        %1$s-inner:
          jobs:
            inner: sleep 100
            inner-next: echo next
      """;

  private String operator;

  @BeforeEach
  void anOperator() {
    operator = "deleting-operator-" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.create(engine, operator, OPERATOR_PASSWORD, JobnetGroups.OPERATORS);
  }

  @ParameterizedTest(name = "skipCustomListeners={0}")
  @ValueSource(booleans = {true, false})
  void aRunDeletedThroughTheEngineRestApiEndsStoppedByTheOperatorWithItsRunningJobsAndExpansions(
      boolean skipCustomListeners) {
    // given: long runs on w1; the expansion's run runs inner on w2
    String run = start(deploy(WITH_EXPANSION));
    engine.getExternalTaskService().complete(fetch(run, "first", "w1", 60_000).getId(), "w1");
    LockedExternalTask longJob = startJob(run, "long", "w1", 1, 60_000);
    String expanded = expandedRun(run);
    LockedExternalTask inner = startJob(expanded, "inner", "w2", 1, 60_000);

    // when
    ResponseEntity<String> deleted = operator().exchange(
        "/engine-rest/process-instance/" + run + "?skipCustomListeners=" + skipCustomListeners, HttpMethod.DELETE,
        null, String.class);

    // then: the run tree
    assertThat(deleted.getStatusCode().value()).as(deleted.getBody()).isEqualTo(204);
    String why = "deleted through the engine API by " + operator;
    JsonNode tree = runTree(run);
    assertThat(tree.get("state").asText()).isEqualTo("STOPPED");
    assertThat(tree.get("outcome").asText()).isEqualTo("STOPPED");
    assertThat(tree.get("reason").asText()).isEqualTo(why);
    assertThat(state(run, "long")).isEqualTo("STOPPED");
    assertThat(node(run, "long").get("reason").asText()).isEqualTo(why);
    assertThat(state(run, "call")).isEqualTo("STOPPED");
    assertThat(state(run, "inner")).isEqualTo("STOPPED");
    assertThat(state(run, "after")).as("never reached").isEqualTo("WAITING");
    // the event log
    List<JsonNode> events = events(run);
    assertThat(events).filteredOn(e -> !e.get("kind").asText().startsWith("JOB_STARTED"))
        .extracting(e -> e.get("kind").asText(), e -> text(e, "runId"), e -> text(e, "elementId"),
            e -> text(e, "actor"))
        .containsSubsequence(
            tuple("JOB_STOPPED", run, "long", operator),
            tuple("JOBNET_ENDED", run, null, operator))
        .contains(
            tuple("JOB_STOPPED", expanded, "inner", operator),
            tuple("JOBNET_ENDED", expanded, null, operator));
    JsonNode ended = events.stream().filter(e -> e.get("kind").asText().equals("JOBNET_ENDED")
        && e.get("runId").asText().equals(run)).findFirst().orElseThrow();
    assertThat(ended.get("message").asText()).isEqualTo("ended STOPPED: " + why);
    assertThat(ended.get("details").get("outcome").asText()).isEqualTo("STOPPED");
    assertThat(ended.get("details").get("reason").asText()).isEqualTo(why);
    // the agents' next heartbeat: the jobs are gone, they kill the processes
    for (LockedExternalTask t : List.of(longJob, inner)) {
      assertThatThrownBy(() -> engine.getExternalTaskService().extendLock(t.getId(), t.getWorkerId(), 30_000))
          .as("heartbeat of %s", t.getActivityId()).isInstanceOf(NotFoundException.class);
    }
  }

  private String expandedRun(String run) {
    await("the expansion of run " + run + " started", Duration.ofSeconds(20), () -> engine.getRuntimeService()
        .createProcessInstanceQuery().superProcessInstanceId(run).count() == 1);
    ProcessInstance expanded = engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(run)
        .singleResult();
    return expanded.getId();
  }

  private List<JsonNode> events(String run) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/events?size=500&rootRunId=" + run, String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    json(r.getBody()).get("events").forEach(events::add);
    return events;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private TestRestTemplate operator() {
    return rest.withBasicAuth(operator, OPERATOR_PASSWORD);
  }
}
