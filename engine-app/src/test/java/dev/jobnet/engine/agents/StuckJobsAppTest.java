package dev.jobnet.engine.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricExternalTaskLog;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * A STUCK job as the operator sees it (issue 10): the run tree counts the runs of its command, not its
 * STUCK states; a STUCK state withdrawn leaves no STUCK reason and an event; and every STUCK incident's
 * error details name the command, the agent, the attempt and the end of its stderr.
 */
@TestPropertySource(properties = {
    "jobnet.agents.offline-after=PT2S",
    "jobnet.agents.watchdog-interval=PT0.2S"})
class StuckJobsAppTest extends OperatorTestBase {

  private static final String ONE_JOB = """
      jobnets:
        %s:
          jobs:
            work: { run: ./load.sh --date today, retry: 2 }
      """;

  @Test
  void aJobStuckTwiceAndWithdrawnShowsOneAttemptNoStuckReasonAndTheWithdrawals() {
    // given: agent w-a runs attempt 1, falls silent, the watchdog makes the job STUCK
    heartbeat("w-a", List.of("default"), 60_000, List.of());
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "w-a", 1, 60_000);
    awaitStuck(run);
    assertThat(node(run, "work").get("attempts").asInt()).as("STUCK is no run").isEqualTo(1);

    // when: the agent is back, still running it
    withdraw("w-a", run, work);

    // then: RUNNING, one attempt, no STUCK reason, and the event
    JsonNode node = node(run, "work");
    assertThat(node.get("state").asText()).isEqualTo("RUNNING");
    assertThat(node.get("attempts").asInt()).isEqualTo(1);
    assertThat(node.path("reason").asText(null)).as("no STUCK reason").isNull();
    JsonNode withdrawn = withdrawals(run);
    assertThat(withdrawn).hasSize(1);
    assertThat(withdrawn.get(0).get("actor").asText()).isEqualTo("w-a");
    assertThat(withdrawn.get(0).get("elementId").asText()).isEqualTo("work");
    assertThat(withdrawn.get(0).get("message").asText())
        .isEqualTo("agent w-a is back and still runs work (attempt 1); no longer STUCK");
    assertThat(withdrawn.get(0).get("details").get("attempt").asInt()).isEqualTo(1);

    // when: silent again, STUCK a second time, and back again
    awaitStuck(run);
    assertThat(node(run, "work").get("attempts").asInt()).as("STUCK twice, still one run").isEqualTo(1);
    withdraw("w-a", run, work);

    // then
    node = node(run, "work");
    assertThat(node.get("state").asText()).isEqualTo("RUNNING");
    assertThat(node.get("attempts").asInt()).isEqualTo(1);
    assertThat(node.path("reason").asText(null)).as("no STUCK reason").isNull();
    assertThat(withdrawals(run)).hasSize(2);

    // when: it reports success
    engine.getExternalTaskService().complete(work.getId(), "w-a");

    // then
    awaitState(run, "work", "SUCCEEDED");
    assertThat(node(run, "work").get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void aRetriedJobCountsItsRunsAndShowsItsLastFailureWhileItRunsAgain() {
    // given: attempt 1 failed with retries left
    String run = start(deploy(ONE_JOB));
    LockedExternalTask first = startJob(run, "work", "r-a", 1, 60_000);
    engine.getExternalTaskService().handleFailure(first.getId(), "r-a", "exit status 3 (attempt 1)", null, 1, 0);

    // when: attempt 2 runs
    List<LockedExternalTask> again = new ArrayList<>();
    await("attempt 2 fetchable", Duration.ofSeconds(20), () -> {
      again.addAll(engine.getExternalTaskService().fetchAndLock(10, "r-a").topic(first.getTopicName(), 60_000)
          .processDefinitionId(first.getProcessDefinitionId()).execute());
      return !again.isEmpty();
    });
    assertThat(again).extracting(LockedExternalTask::getId).containsExactly(first.getId());
    ResponseEntity<String> start = post(agent(), "/jobnet-api/jobs/" + first.getId() + "/start",
        "{\"workerId\":\"r-a\",\"attempt\":2}");
    assertThat(start.getStatusCode().value()).as(start.getBody()).isEqualTo(200);

    // then
    JsonNode node = node(run, "work");
    assertThat(node.get("state").asText()).isEqualTo("RUNNING");
    assertThat(node.get("attempts").asInt()).isEqualTo(2);
    assertThat(node.get("reason").asText()).isEqualTo("exit status 3 (attempt 1)");
  }

  @Test
  void theWatchdogsIncidentNamesTheCommandAgentAttemptAndStderrAndKeepsThemWhenTheAgentReportsTheProcessLost() {
    // given: agent d-a started attempt 1 and shipped some stderr, then fell silent
    heartbeat("d-a", List.of("default"), 60_000, List.of());
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "d-a", 1, 60_000);
    ship(work.getId(), 1, "loading 2026-11-23\nwarning: slow disk\nerror: disk full on /data\n");

    // when
    awaitStuck(run);

    // then: Cockpit's error details of the incident
    String details = errorDetails(work.getId());
    assertThat(details).startsWith("agent silent: no heartbeat from agent d-a since ")
        .contains("If it does not, check machine d-a")
        .contains("command:  ./load.sh --date today")
        .contains("agent:    d-a")
        .contains("attempt:  1")
        .contains("ended:    unknown: the agent has not reported how the command ended")
        .contains("warning: slow disk\nerror: disk full on /data");
    assertThat(historyDetails(work.getId())).as("the history's failure log").isEqualTo(details);

    // when: the agent is back after its host restarted and reports the process lost (its own output tail)
    ResponseEntity<String> report = engineRest("/engine-rest/external-task/" + work.getId() + "/failure",
        "{\"workerId\":\"d-a\",\"errorMessage\":\"process lost when host restarted: agent d-a had started it\","
            + "\"errorDetails\":\"--- end of stderr ---\\nlocal tail line\\n\",\"retries\":0,\"retryTimeout\":0}");

    // then: its message and output first, then the job
    assertThat(report.getStatusCode().value()).as(report.getBody()).isEqualTo(204);
    String after = errorDetails(work.getId());
    assertThat(after).startsWith("process lost when host restarted: agent d-a had started it")
        .contains("local tail line")
        .contains("command:  ./load.sh --date today")
        .contains("agent:    d-a")
        .contains("attempt:  1")
        .contains("error: disk full on /data")
        .doesNotContain("agent silent");
    assertThat(after.split("--- the job ---", -1)).as("one job part").hasSize(2);
    assertThat(historyDetails(work.getId())).isEqualTo(after);
  }

  @Test
  void theGuardsIncidentNamesTheFirstAgentAndSaysNoOutputWasShipped() {
    // given: agent g-1 started the job, its lock expired, agent g-2 fetched it
    String run = start(deploy(ONE_JOB));
    LockedExternalTask first = startJob(run, "work", "g-1", 1, 1);
    await("lock of g-1 expired", Duration.ofSeconds(20),
        () -> task(run, "work").getLockExpirationTime().before(new Date()));
    List<LockedExternalTask> again = engine.getExternalTaskService().fetchAndLock(10, "g-2")
        .topic(first.getTopicName(), 60_000).processDefinitionId(first.getProcessDefinitionId()).execute();
    assertThat(again).extracting(LockedExternalTask::getId).containsExactly(first.getId());

    // when: g-2 asks to start it
    ResponseEntity<String> start = post(agent(), "/jobnet-api/jobs/" + first.getId() + "/start",
        "{\"workerId\":\"g-2\",\"attempt\":1}");

    // then
    assertThat(start.getStatusCode().value()).as(start.getBody()).isEqualTo(409);
    assertThat(incident(run, "work")).isNotNull();
    String details = errorDetails(first.getId());
    assertThat(details).startsWith("second start detected: already started by agent g-1 at ")
        .contains("Agent g-2 fetched this job again")
        .contains("command:  ./load.sh --date today")
        .contains("agent:    g-1")
        .contains("attempt:  1")
        .contains("stderr: no output shipped");
  }

  @Test
  void anAgentsStuckReportWithAnExitStatusAndNoDetailsGetsTheJobsDetails() {
    // given
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "x-a", 1, 60_000);

    // when: the agent reports a failure with no retries left and no details (a STUCK incident)
    engine.getExternalTaskService().handleFailure(work.getId(), "x-a", "exit status 3 (attempt 1)", null, 0, 0);

    // then
    assertThat(state(run, "work")).isEqualTo("STUCK");
    String details = errorDetails(work.getId());
    assertThat(details).startsWith("exit status 3 (attempt 1)")
        .contains("command:  ./load.sh --date today")
        .contains("agent:    x-a")
        .contains("attempt:  1")
        .contains("ended:    exit status 3")
        .contains("stderr: no output shipped");
  }

  private void awaitStuck(String run) {
    await("work of run " + run + " STUCK", Duration.ofSeconds(20), () -> incident(run, "work") != null);
  }

  private void withdraw(String agent, String run, LockedExternalTask work) {
    ResponseEntity<String> beat = heartbeat(agent, List.of("default"), 60_000, List.of(task(run, "work")));
    assertThat(json(beat.getBody()).get("withdrawnStuck")).extracting(JsonNode::asText).containsExactly(work.getId());
  }

  private JsonNode withdrawals(String run) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/events?rootRunId=" + run
        + "&kind=JOB_STUCK_WITHDRAWN", String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return json(r.getBody()).get("events");
  }

  private void ship(String taskId, int attempt, String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    ResponseEntity<String> r = agent().exchange("/jobnet-api/jobs/" + taskId + "/output/stderr?attempt=" + attempt
        + "&offset=0", HttpMethod.POST, new HttpEntity<>(text.getBytes(StandardCharsets.UTF_8), headers), String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
  }

  /** What Cockpit shows as the incident's error details. */
  private String errorDetails(String taskId) {
    ResponseEntity<String> r = admin().getForEntity("/engine-rest/external-task/" + taskId + "/errorDetails",
        String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return r.getBody();
  }

  private String historyDetails(String taskId) {
    HistoricExternalTaskLog log = engine.getHistoryService().createHistoricExternalTaskLogQuery()
        .externalTaskId(taskId).failureLog().orderByTimestamp().desc().list().get(0);
    return engine.getHistoryService().getHistoricExternalTaskLogErrorDetails(log.getId());
  }

  private ResponseEntity<String> engineRest(String path, String json) {
    return post(agent(), path, json);
  }
}
