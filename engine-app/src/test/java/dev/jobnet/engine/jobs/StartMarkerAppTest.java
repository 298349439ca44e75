package dev.jobnet.engine.jobs;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
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
      JsonNode body = assertProblem(r, 409, Protocol.MISMATCH);
      assertThat(body.get("detail").asText()).contains("upgrade the agent");
      assertThat(body.get("protocol").asInt()).isEqualTo(Protocol.VERSION);
    }
    assertThat(JSON.readTree(older.getBody()).get("requestProtocol").isNull()).as("present, null").isTrue();
    assertThat(JSON.readTree(one.getBody()).get("requestProtocol").asInt()).isEqualTo(1);
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
    assertProblem(r, 409, Protocol.MISMATCH);
    assertThat(task(task.getId()).getRetries()).as("untouched: no incident").isNull();
  }

  @Test
  void anotherWorkerIsToldWhoHoldsTheJob() throws Exception {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> response = postJson(agent(), start(task.getId()), marker("agent-2", 1));
    // then
    JsonNode body = assertProblem(response, 409, "NOT_LOCKED_BY_YOU");
    assertThat(body.get("lockedBy").asText()).isEqualTo("agent-1");
    assertThat(body.get("lockExpiresAt").asText()).isNotBlank();
    assertThat(markerOn(task)).isNull();
  }

  @Test
  void anUnknownTaskIs404() throws Exception {
    // when
    ResponseEntity<String> response = postJson(agent(), start("no-such-task"), marker("agent-1", 1));
    // then
    assertThat(assertProblem(response, 404, "NOT_FOUND").get("detail").asText())
        .contains("no external task no-such-task");
  }

  @Test
  void onlyAgentsAndOperatorsMayPostAndNobodyWithoutCredentials() {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    LockedExternalTask other = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> application = postJson(as(SHOP_APP, SHOP_PASSWORD), start(task.getId()),
        marker("agent-1", 1));
    ResponseEntity<String> anonymous = postJson(rest, start(task.getId()), marker("agent-1", 1));
    ResponseEntity<String> operator = postJson(as(ADMIN, ADMIN_PASSWORD), start(task.getId()), marker("agent-1", 1));
    ResponseEntity<String> camundaAdmin = postJson(camundaAdminOnly(), start(other.getId()), marker("agent-1", 1));
    // then
    assertThat(assertProblem(application, 403, "FORBIDDEN").get("detail").asText())
        .contains("jobnet-agents", "jobnet-admins", "camunda-admin");
    assertProblem(anonymous, 401, "UNAUTHORIZED");
    assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
    assertThat(operator.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(camundaAdmin.getStatusCode()).as("camunda-admin counts as an operator").isEqualTo(HttpStatus.OK);
  }

  @Test
  void aBadBodyIs400() {
    // given
    LockedExternalTask task = startAndFetch(key, "shop", "agent-1", 60_000);
    // when
    ResponseEntity<String> noWorker = postJson(agent(), start(task.getId()), "{\"attempt\":1}");
    ResponseEntity<String> attemptZero = postJson(agent(), start(task.getId()), marker("agent-1", 0));
    // then
    assertThat(assertProblem(noWorker, 400, "BAD_REQUEST").get("detail").asText()).contains("workerId");
    assertThat(assertProblem(attemptZero, 400, "BAD_REQUEST").get("detail").asText())
        .contains("attempt must be 1 or more");
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
    JsonNode body = assertProblem(response, 409, "ALREADY_STARTED");
    assertThat(body.get("startedBy").asText()).isEqualTo("agent-1");
    assertThat(body.get("stuck").asBoolean()).isTrue();
    assertThat(body.get("detail").asText()).startsWith("second start detected").endsWith("; do not start it");
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
    assertProblem(again, 409, "NOT_LOCKED_BY_YOU");

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
    JsonNode notYours = assertProblem(byAnother, 409, "STARTED_BY_ANOTHER");
    assertThat(notYours.get("startedBy").asText()).isEqualTo("agent-1");
    assertThat(notYours.get("attempt").asInt()).isEqualTo(1);
    assertThat(byOwner.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(markerOn(task)).isNull();
    assertThat(task(task.getId()).getWorkerId()).isNull();
    assertThat(fetch(task.getProcessInstanceId(), "agent-2", 60_000).getId()).isEqualTo(task.getId());
    // and a release of a task that is gone is 404
    assertProblem(delete(agent(), start("no-such-task") + "?workerId=agent-1&attempt=1"), 404, "NOT_FOUND");
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
