package dev.jobnet.engine.operations;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import dev.jobnet.protocol.ProcessVariables;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Force-stop and the resolution of STUCK jobs over REST, with the test playing the agents: what the
 * operator sees in the run tree, what the agent learns at its next heartbeat, and the races.
 */
@TestPropertySource(properties = {
    "jobnet.agents.offline-after=PT1S",
    "jobnet.agents.watchdog-interval=PT0.2S"})
class OperationsAppTest extends OperatorTestBase {

  private static final String FORK = """
      jobnets:
        %s:
          jobs:
            first: { run: echo first, next: [long, side] }
            long: { run: sleep 100, next: after }
            side: { run: echo side, next: after }
            after: echo after
          finally:
            jobs:
              cleanup: echo cleanup
      """;

  private static final String NESTED = """
      jobnets:
        %s:
          jobs:
            work:
              jobnet:
                jobs:
                  step-1: sleep 100
                  step-2: echo step 2
                finally:
                  jobs:
                    release: echo release
            report: echo report
          finally:
            jobs:
              cleanup: echo cleanup
      """;

  private static final String TWO_STEPS = """
      jobnets:
        %s:
          jobs:
            work: sleep 100
            next-step: echo next
      """;

  @Test
  void stoppingARunningJobEndsItStoppedSkipsWhatDependsOnItAndRunsFinally() {
    // given
    String run = start(deploy(FORK));
    complete(fetch(run, "first", "w1", 60_000));
    LockedExternalTask longJob = startJob(run, "long", "w1", 1, 60_000);

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/nodes/long/stop",
        "{\"reason\": \"wrong input file\"}");

    // then
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(json(r.getBody()).get("state").asText()).isEqualTo("STOPPED");
    assertThat(state(run, "long")).isEqualTo("STOPPED");
    assertThat(node(run, "long").get("reason").asText()).isEqualTo("stopped by " + ADMIN + ": wrong input file");
    assertThatThrownBy(() -> engine.getExternalTaskService().extendLock(longJob.getId(), "w1", 30_000))
        .as("the agent's next heartbeat finds the job gone").isInstanceOf(NotFoundException.class);
    complete(fetch(run, "side", "w1", 60_000));
    awaitState(run, "after", "SKIPPED");
    complete(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "FAILED");
  }

  @Test
  void stoppingAJobThatAlreadyFinishedAnswers409WithItsState() {
    // given
    String run = start(deploy(FORK));
    complete(fetch(run, "first", "w1", 60_000));

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/nodes/first/stop", "{}");

    // then
    JsonNode body = assertProblem(r, 409, "ALREADY_FINISHED");
    assertThat(body.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(task(run, "long")).as("the flow carries on").isNotNull();
  }

  @Test
  void stoppingAJobThatHasNotStartedIsRefusedWithItsState() {
    String run = start(deploy(FORK));

    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/nodes/after/stop", "{}");

    assertThat(assertProblem(r, 409, "NOT_RUNNING").get("state").asText()).isEqualTo("WAITING");
  }

  @Test
  void stoppingARunStopsItsRunningJobsSkipsTheRestAndItsFinallyAndEndsStopped() {
    // given
    String run = start(deploy(FORK));
    complete(fetch(run, "first", "w1", 60_000));
    LockedExternalTask longJob = startJob(run, "long", "w1", 1, 60_000);
    startJob(run, "side", "w2", 1, 60_000);

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/stop", "{\"reason\": \"maintenance\"}");

    // then
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(json(r.getBody()).get("stoppedJobs")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("long", "side");
    awaitRunState(run, "STOPPED");
    assertThat(state(run, "long")).isEqualTo("STOPPED");
    assertThat(state(run, "side")).isEqualTo("STOPPED");
    assertThat(state(run, "after")).isEqualTo("SKIPPED");
    assertThat(state(run, "_finally.cleanup")).as("finally not run").isIn("SKIPPED", "WAITING");
    assertThat(runTree(run).get("reason").asText()).isEqualTo("stopped by " + ADMIN + ": maintenance");
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName(ProcessVariables.OUTCOME).singleResult().getValue()).isEqualTo("STOPPED");
    assertThatThrownBy(() -> engine.getExternalTaskService().extendLock(longJob.getId(), "w1", 30_000))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void stoppingARunOfOneJobEndsItStoppedThoughItsJobEndedInTheCommandThatEndsIt() {
    // given: a run whose only job runs (its end knows its one child's state, and reads the run's own row
    // only because the operator's stop wrote one)
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              only: sleep 100
        """));
    startJob(run, "only", "w1", 1, 60_000);

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/stop", "{\"reason\": \"wrong day\"}");

    // then: the run ends STOPPED with the operator's reason, not SUCCEEDED or FAILED from its job
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    awaitRunState(run, "STOPPED");
    assertThat(state(run, "only")).isEqualTo("STOPPED");
    assertThat(runTree(run).get("reason").asText()).isEqualTo("stopped by " + ADMIN + ": wrong day");
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName(ProcessVariables.OUTCOME).singleResult().getValue()).isEqualTo("STOPPED");
  }

  @Test
  void stoppingANestedJobnetStopsItsJobsSkipsItsFinallyAndTheParentGoesOnToFail() {
    // given
    String run = start(deploy(NESTED));
    startJob(run, "work.step-1", "w1", 1, 60_000);

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/nodes/work/stop", "{}");

    // then
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    awaitState(run, "work", "STOPPED");
    assertThat(state(run, "work.step-1")).isEqualTo("STOPPED");
    assertThat(state(run, "work.step-2")).isEqualTo("SKIPPED");
    assertThat(state(run, "work._finally.release")).isIn("SKIPPED", "WAITING");
    awaitState(run, "report", "SKIPPED");
    complete(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "FAILED");
  }

  @Test
  void stoppingARunThatEndedAnswers409WithItsOutcome() {
    String run = start(deploy(TWO_STEPS));
    complete(fetch(run, "work", "w1", 60_000));
    complete(fetch(run, "next-step", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");

    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/stop", "{}");

    assertThat(assertProblem(r, 409, "ALREADY_ENDED").get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void unknownRunsAndNodesAnswer404AndAgentsMayNotStop() {
    String run = start(deploy(TWO_STEPS));
    assertProblem(post(admin(), "/jobnet-api/runs/no-such-run/stop", "{}"), 404, "NOT_FOUND");
    assertProblem(post(admin(), "/jobnet-api/runs/" + run + "/nodes/nope/stop", "{}"), 404, "NOT_FOUND");
    assertThat(assertProblem(post(agent(), "/jobnet-api/runs/" + run + "/stop", "{}"), 403, "FORBIDDEN")
        .get("detail").asText())
        .contains("only members of jobnet-admins, camunda-admin and the applications' groups (jobnet-app-<tenant>) may");
    assertProblem(post(rest, "/jobnet-api/runs/" + run + "/stop", "{}"), 401, "UNAUTHORIZED");
    assertThat(task(run, "work")).as("nothing stopped").isNotNull();
  }

  @Test
  void stopAndFinishRacingEndInExactlyOneOfTheTwo() throws Exception {
    String key = deploy(TWO_STEPS);
    for (int i = 0; i < 8; i++) {
      String run = start(key);
      LockedExternalTask work = startJob(run, "work", "w1", 1, 60_000);
      CompletableFuture<Boolean> finish = CompletableFuture.supplyAsync(() -> {
        try {
          engine.getExternalTaskService().complete(work.getId(), "w1");
          return true;
        } catch (BadUserRequestException | org.camunda.bpm.engine.OptimisticLockingException e) {
          return false;
        }
      });
      ResponseEntity<String> stop = post(admin(), "/jobnet-api/runs/" + run + "/nodes/work/stop", "{}");
      boolean finished = finish.get();
      String state = state(run, "work");
      if (stop.getStatusCode().value() == 200) {
        assertThat(state).as("stop won: " + stop.getBody()).isEqualTo("STOPPED");
        assertThat(finished).as("the agent's complete lost").isFalse();
      } else {
        // the job ended first: ALREADY_FINISHED, or NOT_RUNNING when the stop read its state before it ended
        // and found its task gone after
        String reason = json(stop.getBody()).path("reason").asText();
        assertThat(reason).as(stop.getBody()).isIn("ALREADY_FINISHED", "NOT_RUNNING");
        assertThat(assertProblem(stop, 409, reason).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(state).isEqualTo("SUCCEEDED");
      }
    }
  }

  // --- resolution of STUCK jobs ---

  @Test
  void markSucceededLetsTheFlowGoOnAndTheAgentLearnsItLostTheJob() {
    // given
    String run = start(deploy(TWO_STEPS));
    LockedExternalTask work = stuck(run, "work", "silent-1");

    // when
    ResponseEntity<String> r = resolve(run, "work", "SUCCEEDED", "checked the output by hand");

    // then
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(json(r.getBody()).get("resolvedBy").asText()).isEqualTo(ADMIN);
    assertThat(state(run, "work")).isEqualTo("SUCCEEDED");
    assertThat(node(run, "work").get("reason").asText())
        .isEqualTo("marked SUCCEEDED by " + ADMIN + ": checked the output by hand");
    assertThat(incident(run, "work")).isNull();
    assertThatThrownBy(() -> engine.getExternalTaskService().extendLock(work.getId(), "silent-1", 30_000))
        .isInstanceOf(NotFoundException.class);
    complete(fetch(run, "next-step", "w2", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertThat(actions(run)).extracting(a -> a.action() + " " + a.actedBy() + " " + a.reason())
        .containsExactly("MARK_SUCCEEDED " + ADMIN + " checked the output by hand");
    JsonNode resolved = json(admin().getForEntity("/jobnet-api/events?rootRunId=" + run + "&kind=JOB_RESOLVED",
        String.class).getBody()).get("events");
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).get("actor").asText()).isEqualTo(ADMIN);
    assertThat(resolved.get(0).get("elementId").asText()).isEqualTo("work");
    assertThat(resolved.get(0).get("message").asText()).contains("SUCCEEDED", "checked the output by hand");
  }

  @Test
  void markFailedAppliesTheFailureRules() {
    String run = start(deploy(TWO_STEPS));
    stuck(run, "work", "silent-2");

    ResponseEntity<String> r = resolve(run, "work", "FAILED", null);

    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(state(run, "work")).isEqualTo("FAILED");
    awaitState(run, "next-step", "SKIPPED");
    awaitRunState(run, "FAILED");
  }

  @Test
  void retryRunsTheJobAgainAsTheNextAttemptAndTakesItFromTheOldAgent() {
    // given
    String run = start(deploy(TWO_STEPS));
    LockedExternalTask work = stuck(run, "work", "silent-3");

    // when
    ResponseEntity<String> r = resolve(run, "work", "RETRY", "the machine was rebooted");

    // then
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(json(r.getBody()).get("nextAttempt").asInt()).isEqualTo(2);
    assertThat(incident(run, "work")).isNull();
    assertThatThrownBy(() -> engine.getExternalTaskService().extendLock(work.getId(), "silent-3", 30_000))
        .as("the old agent's heartbeat finds the job no longer its own")
        .isExactlyInstanceOf(BadUserRequestException.class);
    LockedExternalTask again = startJob(run, "work", "w2", 2, 60_000);
    assertThat(again.getId()).isEqualTo(work.getId());
    complete(again);
    complete(fetch(run, "next-step", "w2", 60_000));
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void retryOfAJobWithoutRetriesGivesItOneMoreRunNumberedAfterTheStuckOne() {
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              charge: { run: sleep 100, retry: 0 }
        """));
    stuck(run, "charge", "silent-4");

    ResponseEntity<String> r = resolve(run, "charge", "RETRY", null);

    assertThat(json(r.getBody()).get("nextAttempt").asInt()).isEqualTo(2);
    ExternalTask t = task(run, "charge");
    assertThat(t.getRetries()).isEqualTo(1);
    assertThat(engine.getRuntimeService().getVariableLocal(t.getExecutionId(), ProcessVariables.ATTEMPT_OFFSET))
        .isEqualTo(1);
    startJob(run, "charge", "w2", 2, 60_000);
  }

  @Test
  void resolvingAJobThatIsNotStuckAnswers409AndTheAgentsLateReportWinsTheRace() {
    // given: a stuck job whose agent reports before the operator resolves
    String run = start(deploy(TWO_STEPS));
    LockedExternalTask work = stuck(run, "work", "silent-5");
    engine.getExternalTaskService().complete(work.getId(), "silent-5");

    // when
    ResponseEntity<String> r = resolve(run, "work", "FAILED", null);

    // then
    assertThat(assertProblem(r, 409, "NOT_STUCK").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(state(run, "work")).isEqualTo("SUCCEEDED");
  }

  @Test
  void badResolutionsAreRefusedAndChangeNothing() {
    String run = start(deploy(TWO_STEPS));
    stuck(run, "work", "silent-6");

    ResponseEntity<String> r = resolve(run, "work", "MAYBE", null);

    assertThat(assertProblem(r, 400, "BAD_REQUEST").get("detail").asText())
        .contains("SUCCEEDED", "FAILED", "RETRY", "MAYBE");
    assertThat(incident(run, "work")).isNotNull();
    assertProblem(post(agent(), "/jobnet-api/runs/" + run + "/nodes/work/resolve", "{\"action\":\"FAILED\"}"),
        403, "FORBIDDEN");
  }

  /** The job started by {@code agent}, which then falls silent: STUCK once the watchdog sees it. */
  private LockedExternalTask stuck(String run, String activityId, String agent) {
    assertThat(heartbeat(agent, List.of("default"), 60_000, List.of()).getStatusCode().value()).isEqualTo(200);
    LockedExternalTask t = startJob(run, activityId, agent, 1, 60_000);
    await(activityId + " STUCK", Duration.ofSeconds(20), () -> incident(run, activityId) != null);
    assertThat(incident(run, activityId).getIncidentMessage()).startsWith("agent silent: no heartbeat from agent "
        + agent);
    return t;
  }

  private ResponseEntity<String> resolve(String run, String activityId, String action, String reason) {
    String body = reason == null ? "{\"action\":\"" + action + "\"}"
        : "{\"action\":\"" + action + "\",\"reason\":\"" + reason + "\"}";
    return post(admin(), "/jobnet-api/runs/" + run + "/nodes/" + activityId + "/resolve", body);
  }

  private List<OperatorActions.Entry> actions(String run) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/runs/" + run + "/actions", String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    try {
      return List.of(JSON.readValue(r.getBody(), OperatorActions.Entry[].class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void complete(LockedExternalTask t) {
    engine.getExternalTaskService().complete(t.getId(), t.getWorkerId());
  }
}
