package dev.jobnet.engine.runs;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.history.StateCleanup;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code GET /jobnet-api/runs} and {@code DELETE /jobnet-api/runs/{id}}: what an operator lists and removes. */
class RunListAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;
  @Autowired
  ProcessEngine engine;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  StateCleanup stateCleanup;

  private final ObjectMapper json = new ObjectMapper();

  private String deploy(String yamlTemplate) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, yamlTemplate.replace("$", suffix));
    return suffix;
  }

  private static final String TWO_JOBS = """
      jobnets:
        list-$:
          name: Nightly $
          jobs:
            extract: { run: extract.sh, next: load }
            load: load.sh
      """;

  private String start(String key, String businessKey, Map<String, Object> parameters) {
    return engine.getRuntimeService().startProcessInstanceByKey(key, businessKey, parameters).getId();
  }

  private LockedExternalTask lock(String runId, String activityId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(50, "agent-1")
          .topic("jobnet.default", 60_000).execute()) {
        if (t.getActivityId().equals(activityId) && t.getProcessInstanceId().equals(runId)) {
          return t;
        }
        engine.getExternalTaskService().unlock(t.getId());
      }
    }
    throw new AssertionError("job " + activityId + " of run " + runId + " never became fetchable");
  }

  private JsonNode get(String path) throws Exception {
    ResponseEntity<String> r = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity(path, String.class);
    assertThat(r.getStatusCode()).as("GET %s: %s", path, r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  private ResponseEntity<String> delete(String runId) {
    return rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange("/jobnet-api/runs/" + runId, HttpMethod.DELETE, null,
        String.class);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("runs").forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  private static JsonNode run(JsonNode page, String id) {
    for (JsonNode r : page.get("runs")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no run " + id + " in " + page);
  }

  private void awaitEnded(String runId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(runId).finished()
        .count() == 0) {
      assertThat(System.nanoTime()).as("run %s ended within 20 s", runId).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void theListShowsRunningAndFinishedRootsWithCountsParametersAndOutcome() throws Exception {
    // given: one run with extract running, one with extract STUCK, one SUCCEEDED
    String s = deploy(TWO_JOBS);
    String key = "list-" + s;
    String running = start(key, "run-" + s, Map.of("date", "2026-11-23", "count", 3));
    LockedExternalTask runningTask = lock(running, "extract");
    // what the start marker endpoint records with the marker of the run's first job
    jdbc.update("INSERT INTO jobnet_event (occurred_at, kind, root_run_id, run_id, element_id, actor, message)"
        + " VALUES (?, 'JOB_STARTED', ?, ?, 'extract', 'agent-1', 'extract started by agent agent-1 (attempt 1)')",
        java.sql.Timestamp.from(Instant.parse("2026-11-23T01:02:03Z")), running, running);
    String stuck = start(key, "stuck-" + s, Map.of());
    LockedExternalTask stuckTask = lock(stuck, "extract");
    engine.getExternalTaskService().handleFailure(stuckTask.getId(), "agent-1", "agent agent-1 silent", null, 0, 0);
    String done = start(key, "done-" + s, Map.of());
    engine.getExternalTaskService().complete(lock(done, "extract").getId(), "agent-1");
    engine.getExternalTaskService().complete(lock(done, "load").getId(), "agent-1");
    awaitEnded(done);

    // when
    JsonNode runningPage = get("/jobnet-api/runs?state=running&jobnet=" + key);
    JsonNode finishedPage = get("/jobnet-api/runs?state=finished&jobnet=" + key);

    // then
    assertThat(ids(runningPage)).containsExactly(stuck, running);
    assertThat(runningPage.get("total").asLong()).isEqualTo(2);
    JsonNode r = run(runningPage, running);
    assertThat(r.get("jobnet").asText()).isEqualTo(key);
    assertThat(r.get("name").asText()).isEqualTo("Nightly " + s);
    assertThat(r.get("businessKey").asText()).isEqualTo("run-" + s);
    assertThat(r.get("state").asText()).isEqualTo("RUNNING");
    assertThat(r.get("outcome").isNull()).isTrue();
    assertThat(r.get("runningJobs").asInt()).isEqualTo(1);
    assertThat(r.get("stuckJobs").asInt()).isZero();
    assertThat(r.get("parameters").get("date").asText()).isEqualTo("2026-11-23");
    assertThat(r.get("parameters").get("count").asInt()).isEqualTo(3);
    assertThat(r.get("parameters").fieldNames()).toIterable().allMatch(n -> !n.startsWith("jobnet"));
    assertThat(Instant.parse(r.get("startedAt").asText())).isEqualTo(Instant.parse("2026-11-23T01:02:03Z"));
    assertThat(r.get("createdAt").isNull()).isFalse();
    assertThat(r.get("endedAt").isNull()).isTrue();
    JsonNode st = run(runningPage, stuck);
    assertThat(st.get("stuckJobs").asInt()).isEqualTo(1);
    assertThat(st.get("runningJobs").asInt()).isZero();
    assertThat(ids(finishedPage)).containsExactly(done);
    JsonNode d = run(finishedPage, done);
    assertThat(d.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(d.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(d.get("endedAt").isNull()).isFalse();
  }

  @Test
  void theListFiltersByBusinessKeyPagesNewestFirstAndLeavesExpandedRunsOut() throws Exception {
    // given
    String s = deploy("""
        jobnets:
          page-$:
            jobs:
              call: { expand: called-$ }
          called-$:
            jobs:
              inner: i.sh
        """);
    String first = start("page-" + s, "a-" + s, Map.of());
    String second = start("page-" + s, "b-" + s, Map.of());
    // when
    JsonNode byKey = get("/jobnet-api/runs?businessKey=a-" + s);
    JsonNode page1 = get("/jobnet-api/runs?jobnet=page-" + s + "&max=1");
    JsonNode page2 = get("/jobnet-api/runs?jobnet=page-" + s + "&max=1&first=1");
    JsonNode expanded = get("/jobnet-api/runs?jobnet=called-" + s);
    // then
    assertThat(ids(byKey)).containsExactly(first);
    assertThat(page1.get("total").asLong()).isEqualTo(2);
    assertThat(ids(page1)).hasSize(1);
    assertThat(ids(page2)).hasSize(1);
    assertThat(List.of(ids(page1).get(0), ids(page2).get(0))).containsExactlyInAnyOrder(first, second);
    assertThat(expanded.get("total").asLong()).as("runs started by an expansion are not roots").isZero();
  }

  @Test
  void aBadFilterIs400() {
    ResponseEntity<String> r = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs?state=sleeping",
        String.class);
    assertThat(assertProblem(r, 400, "BAD_REQUEST").get("detail").asText())
        .contains("state must be 'attention', 'running' or 'finished'");
    ResponseEntity<String> max = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs?max=100000",
        String.class);
    assertProblem(max, 400, "BAD_REQUEST");
    ResponseEntity<String> first = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs?first=-1",
        String.class);
    assertThat(assertProblem(first, 400, "BAD_REQUEST").get("detail").asText()).contains("first must be 0 or more");
    ResponseEntity<String> notANumber = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD)
        .getForEntity("/jobnet-api/runs?first=ten", String.class);
    assertThat(assertProblem(notANumber, 400, "BAD_REQUEST").get("detail").asText())
        .isEqualTo("first must be a number, not 'ten'");
  }

  @Test
  void removingAFinishedRunRemovesItsHistoryStatesAndOutputWithItsExpansions() throws Exception {
    // given: a finished run whose expansion ran a job that shipped output
    String s = deploy("""
        jobnets:
          rm-$:
            jobs:
              call: { expand: rmcalled-$ }
          rmcalled-$:
            jobs:
              inner: i.sh
        """);
    String runId = start("rm-" + s, null, Map.of());
    String called = engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(runId).singleResult()
        .getId();
    LockedExternalTask inner = lock(called, "inner");
    jdbc.update("INSERT INTO jobnet_job_log (external_task_id, attempt, stream, process_instance_id, activity_id,"
        + " head_bytes, total_bytes, updated_at) VALUES (?, 1, 'stdout', ?, 'inner', 0, 0, CURRENT_TIMESTAMP)",
        inner.getId(), called);
    engine.getExternalTaskService().complete(inner.getId(), "agent-1");
    awaitEnded(runId);
    assertThat(count("jobnet_node_state", called)).isPositive();

    // when
    ResponseEntity<String> answer = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange(
        "/jobnet-api/runs/" + runId + "?reason={reason}", HttpMethod.DELETE, null, String.class,
        "a test run, started by mistake");

    // then
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode body = json.readTree(answer.getBody());
    assertThat(body.get("removedRuns")).extracting(JsonNode::asText).containsExactly(runId, called);
    JsonNode removal = removalEvent(runId);
    assertThat(removal.get("actor").asText()).isEqualTo(ADMIN);
    assertThat(removal.get("message").asText()).isEqualTo("run " + runId + " of jobnet rm-" + s + " removed by "
        + ADMIN + " with the 1 run(s) its expansions started: a test run, started by mistake");
    assertThat(removal.path("rootRunId").asText(null)).as("outlives the run's events").isNull();
    assertThat(removal.get("details").get("removedRuns")).extracting(JsonNode::asText).containsExactly(runId, called);
    assertThat(removal.get("details").get("jobnet").asText()).isEqualTo("rm-" + s);
    assertThat(removal.get("details").get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(removal.get("details").get("reason").asText()).isEqualTo("a test run, started by mistake");
    stateCleanup.cleanUp();
    assertThat(removalEvent(runId).get("id").asLong()).as("still there after the state cleanup")
        .isEqualTo(removal.get("id").asLong());
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceIds(java.util.Set.of(runId, called))
        .count()).isZero();
    assertThat(count("jobnet_node_state", runId) + count("jobnet_node_state", called)).isZero();
    assertThat(count("jobnet_job_log", called)).isZero();
    assertProblem(rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/jobnet-api/runs/" + runId, String.class),
        404, "NOT_FOUND");
  }

  @Test
  void aRemovalWithoutAReasonIsRecordedAllTheSame() throws Exception {
    // given
    String s = deploy("jobnets:\n  rmnr-$:\n    jobs:\n      only: o.sh\n");
    String runId = start("rmnr-" + s, "2026-11-30", Map.of());
    engine.getExternalTaskService().complete(lock(runId, "only").getId(), "agent-1");
    awaitEnded(runId);
    // when
    ResponseEntity<String> answer = delete(runId);
    // then
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode removal = removalEvent(runId);
    assertThat(removal.get("message").asText()).isEqualTo("run " + runId + " of jobnet rmnr-" + s + " removed by "
        + ADMIN);
    assertThat(removal.get("details").get("businessKey").asText()).isEqualTo("2026-11-30");
    assertThat(removal.get("details").has("reason")).isFalse();
  }

  /** The RUN_REMOVED event of a run, found as an operator finds it: by its kind. */
  private JsonNode removalEvent(String runId) throws Exception {
    for (JsonNode e : get("/jobnet-api/events?kind=RUN_REMOVED&order=desc&size=500").get("events")) {
      if (runId.equals(e.get("details").get("runId").asText())) {
        return e;
      }
    }
    throw new AssertionError("no RUN_REMOVED event of run " + runId);
  }

  @Test
  void aRunningRunIsNotRemoved() throws Exception {
    // given
    String s = deploy(TWO_JOBS);
    String runId = start("list-" + s, null, Map.of());
    // when
    ResponseEntity<String> answer = delete(runId);
    // then
    JsonNode body = assertProblem(answer, 409, "RUNNING");
    assertThat(body.get("detail").asText()).contains("still running; stop it first");
    assertThat(body.get("state").asText()).isEqualTo("RUNNING");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(runId).count()).isOne();
  }

  @Test
  void aRunStartedByAnExpansionIsRemovedOnlyWithItsRoot() throws Exception {
    // given
    String s = deploy("""
        jobnets:
          root-$:
            jobs:
              call: { expand: part-$ }
          part-$:
            jobs:
              inner: i.sh
        """);
    String runId = start("root-" + s, null, Map.of());
    String called = engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(runId).singleResult()
        .getId();
    // when
    ResponseEntity<String> answer = delete(called);
    // then
    assertThat(assertProblem(answer, 409, "NOT_A_ROOT").get("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void anUnknownRunIs404() {
    assertThat(assertProblem(delete("no-such-run"), 404, "NOT_FOUND").get("detail").asText())
        .startsWith("no run no-such-run");
  }

  @Test
  void onlyOperatorsListAndRemove() {
    // given: a user in no jobnet group
    String user = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.create(engine, user, "viewer-secret");
    // when
    ResponseEntity<String> list = rest.withBasicAuth(user, "viewer-secret").getForEntity("/jobnet-api/runs", String.class);
    ResponseEntity<String> remove = rest.withBasicAuth(user, "viewer-secret").exchange("/jobnet-api/runs/x",
        HttpMethod.DELETE, null, String.class);
    ResponseEntity<String> anonymous = rest.getForEntity("/jobnet-api/runs", String.class);
    // then
    assertThat(assertProblem(list, 403, "FORBIDDEN").get("detail").asText())
        .isEqualTo("user '" + user + "' may not do this: only members of jobnet-admins and camunda-admin may");
    assertProblem(remove, 403, "FORBIDDEN");
    assertProblem(anonymous, 401, "UNAUTHORIZED");
  }

  private int count(String table, String processInstanceId) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE process_instance_id = ?", Integer.class,
        processInstanceId);
    return n == null ? 0 : n;
  }
}
