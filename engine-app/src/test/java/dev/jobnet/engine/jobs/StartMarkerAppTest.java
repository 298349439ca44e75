package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.protocol.Protocol;
import dev.jobnet.protocol.RetryCount;
import dev.jobnet.protocol.RetryPolicy;
import java.time.Instant;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The start marker, the re-delivery guard and the release, over REST as the agents' user. */
class StartMarkerAppTest extends JobsAppTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  String key;

  @BeforeEach
  void aJobnet() {
    key = deploy("shop");
  }

  private static String start(String taskId) {
    return "/jobnet-api/jobs/" + taskId + "/start";
  }

  private ExternalTask task(String id) {
    return engine.getExternalTaskService().createExternalTaskQuery().externalTaskId(id).singleResult();
  }

  @Autowired
  StartMarkerStore markers;

  private StartMarker markerOn(LockedExternalTask task) {
    return markers.of(task.getId()).orElse(null);
  }

  @Test
  void theMarkerIsWrittenOnTheJobsExecutionAndARepeatIsAnsweredTheSame() throws Exception {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> first = postJson(agent(), start(task.getId()), marker("agent-1", 1));
    ResponseEntity<String> repeated = postJson(agent(), start(task.getId()), marker("agent-1", 1));
    // then
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JSON.readTree(first.getBody()).get("started").asBoolean()).isTrue();
    assertThat(repeated.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JSON.readTree(repeated.getBody()).get("startedAt").asText())
        .isEqualTo(JSON.readTree(first.getBody()).get("startedAt").asText());
    StartMarker marker = markerOn(task);
    assertThat(marker.agent()).isEqualTo("agent-1");
    assertThat(marker.attempt()).isEqualTo(1);
    assertThat(marker.startedAt()).isEqualTo(Instant.parse(JSON.readTree(first.getBody()).get("startedAt").asText()));
    assertThat(engine.getRuntimeService().getVariableLocal(task.getExecutionId(), "jobnetStartMarker"))
        .as("no longer a Camunda variable (no variable history per job)").isNull();
    assertThat(engine.getHistoryService().createUserOperationLogQuery().userId(AGENT)
        .processInstanceId(task.getProcessInstanceId()).count())
        .as("written as the engine: no user operation log entry per job").isZero();
  }

  private ResponseEntity<String> postAs(String path, String json, String protocol) {
    HttpHeaders headers = new HttpHeaders();
    if (protocol != null) {
      headers.set(Protocol.HEADER, protocol);
    }
    headers.setContentType(MediaType.APPLICATION_JSON);
    return agent().exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
  }

  @Test
  void theEngineSaysWhichProtocolItSpeaks() throws Exception {
    ResponseEntity<String> r = agent().getForEntity("/jobnet-api/protocol", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JSON.readTree(r.getBody()).get("protocol").asInt()).isEqualTo(Protocol.VERSION);
    assertThat(r.getHeaders().getFirst(Protocol.HEADER)).isEqualTo(Integer.toString(Protocol.VERSION));
  }

  @Test
  void anAgentOfAnotherProtocolIsRefusedTheStartMarkerWithWhatToUpgrade() throws Exception {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when: an agent older than protocol 2 (no header), and one that names protocol 1
    ResponseEntity<String> older = postAs(start(task.getId()), marker("agent-1", 1), null);
    ResponseEntity<String> one = postAs(start(task.getId()), marker("agent-1", 1), "1");
    // then
    for (ResponseEntity<String> r : java.util.List.of(older, one)) {
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
      JsonNode body = JSON.readTree(r.getBody());
      assertThat(body.get("reason").asText()).isEqualTo(Protocol.MISMATCH);
      assertThat(body.get("message").asText()).contains("upgrade the agent");
    }
    assertThat(markerOn(task)).as("no marker, no start").isNull();
  }

  @Test
  void aFailureReportOfAnOlderAgentIsRefusedAndChangesNoRetries() throws Exception {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> r = postAs("/engine-rest/external-task/" + task.getId() + "/failure",
        "{\"workerId\":\"agent-1\",\"errorMessage\":\"exit 1\",\"retries\":0,\"retryTimeout\":0}", null);
    // then
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(JSON.readTree(r.getBody()).get("reason").asText()).isEqualTo(Protocol.MISMATCH);
    assertThat(task(task.getId()).getRetries()).as("untouched: no incident").isNull();
  }

  @Test
  void anotherWorkerIsToldWhoHoldsTheJob() throws Exception {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> response = postJson(agent(), start(task.getId()), marker("agent-2", 1));
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("reason").asText()).isEqualTo("NOT_LOCKED_BY_YOU");
    assertThat(body.get("lockedBy").asText()).isEqualTo("agent-1");
    assertThat(markerOn(task)).isNull();
  }

  @Test
  void anUnknownTaskIs404() throws Exception {
    // when
    ResponseEntity<String> response = postJson(agent(), start("no-such-task"), marker("agent-1", 1));
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(JSON.readTree(response.getBody()).get("message").asText()).contains("no external task no-such-task");
  }

  @Test
  void onlyAgentsAndOperatorsMayPostAndNobodyWithoutCredentials() {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> application = postJson(as(SHOP_APP, SHOP_PASSWORD), start(task.getId()),
        marker("agent-1", 1));
    ResponseEntity<String> anonymous = postJson(rest, start(task.getId()), marker("agent-1", 1));
    ResponseEntity<String> operator = postJson(as(ADMIN, ADMIN_PASSWORD), start(task.getId()), marker("agent-1", 1));
    // then
    assertThat(application.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(application.getBody()).contains("jobnet-agents");
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(operator.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aBadBodyIs400() {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> noWorker = postJson(agent(), start(task.getId()), "{\"attempt\":1}");
    ResponseEntity<String> attemptZero = postJson(agent(), start(task.getId()), marker("agent-1", 0));
    // then
    assertThat(noWorker.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(attemptZero.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aSecondStartMakesTheJobStuckAndTheFirstAgentsLateCompleteIsAccepted() throws Exception {
    // given: agent-1 started the job, then its lock expired (1 ms) and agent-2 fetched it again
    LockedExternalTask first = startAndFetch(key, "shop", "agent-1", 1);
    assertThat(postJson(agent(), start(first.getId()), marker("agent-1", 1)).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    awaitLockExpired(first.getId());
    LockedExternalTask second = fetch(first.getProcessInstanceId(), "agent-2", 60_000);
    assertThat(second.getId()).isEqualTo(first.getId());
    // when
    ResponseEntity<String> response = postJson(agent(), start(second.getId()), marker("agent-2", 1));
    // then: agent-2 is told not to start it
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("reason").asText()).isEqualTo("ALREADY_STARTED");
    assertThat(body.get("startedBy").asText()).isEqualTo("agent-1");
    assertThat(body.get("attempt").asInt()).isEqualTo(1);
    assertThat(body.get("startedAt").asText()).isEqualTo(markerOn(first).startedAt().toString());
    // and the job is STUCK: an incident naming agent-1, no retries, locked by agent-1 again
    Incident incident = engine.getRuntimeService().createIncidentQuery()
        .processInstanceId(first.getProcessInstanceId()).singleResult();
    assertThat(incident).isNotNull();
    assertThat(incident.getIncidentType()).isEqualTo("failedExternalTask");
    assertThat(incident.getIncidentMessage()).startsWith("second start detected: already started by agent agent-1 at ")
        .contains("(attempt 1)").contains("until agent agent-1 reports or an operator resolves it");
    ExternalTask stuck = task(first.getId());
    assertThat(stuck.getRetries()).isZero();
    assertThat(stuck.getWorkerId()).isEqualTo("agent-1");
    assertThat(stuck.getLockExpirationTime()).isInTheFuture();
    assertThat(markerOn(first).secondStart().agent()).isEqualTo("agent-2");
    // and nobody can fetch it
    assertThat(fetchable(first.getProcessDefinitionId(), "agent-3", 60_000)).isEmpty();
    // and agent-2 asking again is told it does not hold it
    ResponseEntity<String> again = postJson(agent(), start(second.getId()), marker("agent-2", 1));
    assertThat(JSON.readTree(again.getBody()).get("reason").asText()).isEqualTo("NOT_LOCKED_BY_YOU");

    // when: agent-1's heartbeat and its late report
    engine.getExternalTaskService().extendLock(first.getId(), "agent-1", 30_000);
    engine.getExternalTaskService().complete(first.getId(), "agent-1");
    // then: accepted, the incident resolved, the run over
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(first.getProcessInstanceId())
        .count()).isZero();
    HistoricIncident resolved = engine.getHistoryService().createHistoricIncidentQuery()
        .processInstanceId(first.getProcessInstanceId()).singleResult();
    assertThat(resolved.isResolved()).isTrue();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(first.getProcessInstanceId()).count()).isZero();
  }

  @Test
  void aRetryOnAnotherAgentIsANewAttemptNotASecondStart() throws Exception {
    // given: attempt 1 started by agent-1 and failed with retries left
    LockedExternalTask first = startAndFetch(key, "shop", "agent-1", 60_000);
    postJson(agent(), start(first.getId()), marker("agent-1", 1));
    engine.getExternalTaskService().handleFailure(first.getId(), "agent-1", "exit status 1", 4, 0);
    LockedExternalTask retry = fetch(first.getProcessInstanceId(), "agent-2", 60_000);
    // when
    ResponseEntity<String> response = postJson(agent(), start(retry.getId()), marker("agent-2", 2));
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(markerOn(first).agent()).isEqualTo("agent-2");
    assertThat(markerOn(first).attempt()).isEqualTo(2);
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(first.getProcessInstanceId())
        .count()).isZero();
  }

  @Test
  void aMarkerLivesAsLongAsItsTask() {
    // given: two started jobs
    LockedExternalTask done = startAndFetch(key, "shop", "agent-1", 60_000);
    LockedExternalTask running = startAndFetch(key, "shop", "agent-1", 60_000);
    postJson(agent(), start(done.getId()), marker("agent-1", 1));
    postJson(agent(), start(running.getId()), marker("agent-1", 1));
    // when: one is reported, and the markers of tasks that are gone are forgotten (the watchdog's round)
    engine.getExternalTaskService().complete(done.getId(), "agent-1");
    markers.forgetEnded();
    // then
    assertThat(markerOn(done)).isNull();
    assertThat(markerOn(running).agent()).isEqualTo("agent-1");
  }

  @Test
  void theOwnerReleasesAJobItNeverStartedAndItIsFetchableAgain() throws Exception {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    postJson(agent(), start(task.getId()), marker("agent-1", 1));
    // when: another worker, then the owner
    ResponseEntity<String> byAnother = delete(agent(), start(task.getId()) + "?workerId=agent-2&attempt=1");
    ResponseEntity<String> byOwner = delete(agent(), start(task.getId()) + "?workerId=agent-1&attempt=1");
    // then
    assertThat(byAnother.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(JSON.readTree(byAnother.getBody()).get("startedBy").asText()).isEqualTo("agent-1");
    assertThat(byOwner.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(markerOn(task)).isNull();
    assertThat(task(task.getId()).getWorkerId()).isNull();
    assertThat(fetch(task.getProcessInstanceId(), "agent-2", 60_000).getId()).isEqualTo(task.getId());
    // and a release of a task that is gone is 404
    assertThat(delete(agent(), start("no-such-task") + "?workerId=agent-1&attempt=1").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aReleaseByTheFirstAgentAfterTheGuardMakesTheJobFetchableAgain() throws Exception {
    // given: the guard made the job STUCK for agent-1, which then finds in its journal it never started it
    LockedExternalTask first = startAndFetch(key, "shop", "agent-1", 1);
    postJson(agent(), start(first.getId()), marker("agent-1", 1));
    awaitLockExpired(first.getId());
    fetch(first.getProcessInstanceId(), "agent-2", 60_000);
    assertThat(postJson(agent(), start(first.getId()), marker("agent-2", 1)).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    // when
    ResponseEntity<String> released = delete(agent(), start(first.getId()) + "?workerId=agent-1&attempt=1");
    // then: no incident; retries as before the guard (none reported yet: all the policy's runs), fetchable
    assertThat(released.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(first.getProcessInstanceId())
        .count()).isZero();
    assertThat(task(first.getId()).getRetries()).isEqualTo(RetryCount.firstEngineRetries(RetryPolicy.DEFAULT.retries()));
    assertThat(postJson(agent(), start(first.getId()), marker("agent-2", 1)).getStatusCode())
        .as("not fetched yet").isEqualTo(HttpStatus.CONFLICT);
    LockedExternalTask again = fetch(first.getProcessInstanceId(), "agent-2", 60_000);
    assertThat(postJson(agent(), start(again.getId()), marker("agent-2", 1)).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }
}
