package dev.jobnet.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Finished runs do not stay forever: a history time to live on every jobnet, our states and job output cleaned after it. */
class HistoryAppTest extends EngineAppTest {

  @Autowired
  ProcessEngine engine;
  @Autowired
  StateCleanup cleanup;
  @Autowired
  TestRestTemplate rest;

  private String deploy() {
    String key = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, "jobnets:\n  " + key + ":\n    jobs:\n      a: a.sh\n");
    return key;
  }

  @Test
  void everyJobnetGetsTheConfiguredHistoryTimeToLive() {
    // when
    String key = deploy();
    // then: the engine's setting wins over the 30 days the converter writes
    ProcessDefinition def = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key)
        .singleResult();
    assertThat(def.getHistoryTimeToLive()).isEqualTo(HISTORY_DAYS);
  }

  @Test
  void theStatesOfARunGoOnceItsHistoryIsCleanedUpAndRunningRunsKeepTheirs() throws Exception {
    // given: one finished run whose history was removed, one running run
    String key = deploy();
    String finished = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    String running = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(10, "w")
        .topic("jobnet.default", 60_000).processDefinitionKey(key).execute()) {
      if (t.getProcessInstanceId().equals(finished)) {
        engine.getExternalTaskService().complete(t.getId(), "w");
      } else {
        engine.getExternalTaskService().unlock(t.getId());
      }
    }
    assertThat(stateRows(finished)).isEqualTo(2);
    engine.getHistoryService().deleteHistoricProcessInstance(finished);
    // when
    int cleaned = cleanup.cleanUp();
    // then
    assertThat(cleaned).isGreaterThanOrEqualTo(1);
    assertThat(stateRows(finished)).isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(running).count()).isEqualTo(1);
    engine.getRuntimeService().deleteProcessInstance(running, "test done");
    assertThat(stateRows(running)).isEqualTo(2);
  }

  @Test
  void statesCarriedIntoARerunWaitWhileTheRunTheyCameFromHasHistory() throws Exception {
    // given: a finished run, and states a rerun carried over from it for an expansion not reached yet
    String key = deploy();
    String finished = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(10, "w")
        .topic("jobnet.default", 60_000).processDefinitionKey(key).execute()) {
      engine.getExternalTaskService().complete(t.getId(), "w");
    }
    try (Connection c = TestDatabase.shared().connect()) {
      dev.jobnet.engine.semantics.NodeStateTable.carry(c, finished, java.util.List.of(
          new dev.jobnet.engine.semantics.NodeStateTable.Row("a", dev.jobnet.engine.semantics.NodeKind.JOB,
              dev.jobnet.engine.semantics.JobState.SUCCEEDED, null)), new java.sql.Timestamp(System.currentTimeMillis()));
    }
    String holder = dev.jobnet.engine.semantics.JobnetVariables.carriedFrom(finished);
    // when
    cleanup.cleanUp();
    // then: kept, the run they came from has history
    assertThat(stateRows(holder)).isEqualTo(1);
    // and once its history is gone, so are they
    engine.getHistoryService().deleteHistoricProcessInstance(finished);
    cleanup.cleanUp();
    assertThat(stateRows(holder)).isZero();
    assertThat(stateRows(finished)).isZero();
  }

  @Test
  void oldTicksOfSchedulesGoButTheLatestOfEachJobnetAndThoseQueuedStay() throws Exception {
    // given: three old ticks of one jobnet (one still queued) and a recent one of another
    String old = "2020-01-01 02:00:00";
    execute("INSERT INTO jobnet_schedule_tick (jobnet_key, tenant_id, tick_at, state, decided_at) VALUES"
        + " ('tick-a', '', TIMESTAMP '2020-01-01 02:00:00', 'STARTED', TIMESTAMP '" + old + "')");
    execute("INSERT INTO jobnet_schedule_tick (jobnet_key, tenant_id, tick_at, state, decided_at) VALUES"
        + " ('tick-a', '', TIMESTAMP '2020-01-02 02:00:00', 'QUEUED', TIMESTAMP '" + old + "')");
    execute("INSERT INTO jobnet_schedule_tick (jobnet_key, tenant_id, tick_at, state, decided_at) VALUES"
        + " ('tick-a', '', TIMESTAMP '2020-01-03 02:00:00', 'SKIPPED_OVERLAP', TIMESTAMP '" + old + "')");
    execute("INSERT INTO jobnet_schedule_tick (jobnet_key, tenant_id, tick_at, state, decided_at) VALUES"
        + " ('tick-b', '', TIMESTAMP '2020-01-01 02:00:00', 'STARTED', TIMESTAMP '" + old + "')");
    // when
    cleanup.cleanUp();
    // then
    assertThat(count("jobnet_schedule_tick", "jobnet_key = 'tick-a' AND state = 'STARTED'")).isZero();
    assertThat(count("jobnet_schedule_tick", "jobnet_key = 'tick-a' AND state = 'QUEUED'")).isEqualTo(1);
    assertThat(count("jobnet_schedule_tick", "jobnet_key = 'tick-a' AND state = 'SKIPPED_OVERLAP'")).isEqualTo(1);
    assertThat(count("jobnet_schedule_tick", "jobnet_key = 'tick-b'")).isEqualTo(1);
  }

  @Test
  void theOutputOfARunGoesOnceItsHistoryIsCleanedUpAndRunningRunsKeepTheirs() throws Exception {
    // given: both runs' jobs shipped output; one run finished and its history was removed
    String key = deploy();
    String finished = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    String running = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(10, "w")
        .topic("jobnet.default", 60_000).processDefinitionKey(key).execute()) {
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
      ResponseEntity<String> shipped = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange(
          "/jobnet-api/jobs/" + t.getId() + "/output/stdout?attempt=1&offset=0", HttpMethod.POST,
          new HttpEntity<>("output\n".getBytes(StandardCharsets.UTF_8), headers), String.class);
      assertThat(shipped.getStatusCode()).isEqualTo(HttpStatus.OK);
      if (t.getProcessInstanceId().equals(finished)) {
        engine.getExternalTaskService().complete(t.getId(), "w");
      }
    }
    engine.getHistoryService().deleteHistoricProcessInstance(finished);
    assertThat(rows("jobnet_job_log", finished)).isEqualTo(1);
    // when
    cleanup.cleanUp();
    // then: its rows and their pieces are gone, the running run's are there
    assertThat(rows("jobnet_job_log", finished)).isZero();
    assertThat(rows("jobnet_job_log", running)).isEqualTo(1);
    try (Connection c = TestDatabase.shared().connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM jobnet_job_log_chunk k WHERE NOT EXISTS (SELECT 1 FROM jobnet_job_log l"
            + " WHERE l.external_task_id = k.external_task_id AND l.attempt = k.attempt AND l.stream = k.stream)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
    // and a second cleanup finds nothing more
    cleanup.cleanUp();
    assertThat(rows("jobnet_job_log", running)).isEqualTo(1);
  }

  @Test
  void theEventsAndSentMailsOfARunGoOnceItsHistoryIsCleanedUpAndEventsOfNoRunAfterTheHistoryDays()
      throws Exception {
    // given: a finished run whose history was removed, with a sent mail and one still due; a running run
    String key = deploy();
    String finished = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    String running = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(10, "w")
        .topic("jobnet.default", 60_000).processDefinitionKey(key).execute()) {
      if (t.getProcessInstanceId().equals(finished)) {
        engine.getExternalTaskService().complete(t.getId(), "w");
      }
    }
    engine.getHistoryService().deleteHistoricProcessInstance(finished);
    execute("INSERT INTO jobnet_mail_outbox (event_id, kind, root_run_id, state, attempts, next_attempt_at, created_at)"
        + " VALUES (-1, 'RUN_ENDED', '" + finished + "', 'SENT', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    execute("INSERT INTO jobnet_mail_outbox (event_id, kind, root_run_id, state, attempts, next_attempt_at, created_at)"
        + " VALUES (-2, 'JOB_FAILED', '" + finished + "', 'PENDING', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    String old = "old agent event " + UUID.randomUUID();
    String recent = "recent agent event " + UUID.randomUUID();
    execute("INSERT INTO jobnet_event (occurred_at, kind, message) VALUES (TIMESTAMP '2000-01-01 00:00:00',"
        + " 'AGENT_OFFLINE', '" + old + "')");
    execute("INSERT INTO jobnet_event (occurred_at, kind, message) VALUES (CURRENT_TIMESTAMP, 'AGENT_ONLINE', '"
        + recent + "')");
    assertThat(count("jobnet_event", "root_run_id = '" + finished + "'")).isEqualTo(3); // started, succeeded, ended
    // when
    cleanup.cleanUp();
    // then
    assertThat(count("jobnet_event", "root_run_id = '" + finished + "'")).isZero();
    assertThat(count("jobnet_event", "root_run_id = '" + running + "'")).isEqualTo(1);
    assertThat(count("jobnet_mail_outbox", "root_run_id = '" + finished + "' AND state = 'SENT'")).isZero();
    assertThat(count("jobnet_mail_outbox", "root_run_id = '" + finished + "' AND state = 'PENDING'")).isEqualTo(1);
    assertThat(count("jobnet_event", "message = '" + old + "'")).isZero();
    assertThat(count("jobnet_event", "message = '" + recent + "'")).isEqualTo(1);
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = TestDatabase.shared().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  private static int count(String table, String where) throws Exception {
    try (Connection c = TestDatabase.shared().connect();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + where);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int stateRows(String processInstanceId) throws Exception {
    return rows("jobnet_node_state", processInstanceId);
  }

  private static int rows(String table, String processInstanceId) throws Exception {
    try (Connection c = TestDatabase.shared().connect();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE process_instance_id = ?")) {
      ps.setString(1, processInstanceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
