package dev.jobnet.engine.operations;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * Hold, release and skip over REST, with the test playing the agents: what waits, what runs, what the
 * run tree and the event log say, and what is refused.
 */
class HoldAndSkipAppTest extends OperatorTestBase {

  private static final String TWO_STEPS = """
      jobnets:
        %s:
          jobs:
            work: echo work
            next-step: echo next
      """;

  private static final String NESTED = """
      jobnets:
        %s:
          jobs:
            prepare: { run: echo prepare, next: work }
            work:
              jobnet:
                jobs:
                  step-1: { run: echo step 1, next: step-2 }
                  step-2: echo step 2
              next: report
            report: echo report
      """;

  @Test
  void aHeldJobIsReachedButDoesNotStartUntilReleased() {
    // given
    String run = start(deploy(TWO_STEPS));

    // when
    ResponseEntity<String> held = post(admin(), path(run, "next-step", "hold"), "{\"reason\": \"disk full\"}");

    // then
    assertThat(held.getStatusCode().value()).as(held.getBody()).isEqualTo(200);
    assertThat(json(held.getBody()).get("state").asText()).isEqualTo("ON_HOLD");
    assertThat(state(run, "next-step")).isEqualTo("ON_HOLD");
    assertThat(node(run, "next-step").get("reason").asText())
        .matches("held by " + ADMIN + " since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: disk full");

    succeed(fetch(run, "work", "w1", 60_000));
    assertThat(task(run, "next-step")).as("the flow reached the held job and waits there").isNull();
    assertThat(state(run, "next-step")).isEqualTo("ON_HOLD");
    assertThat(runState(run)).isEqualTo("RUNNING");

    // when
    ResponseEntity<String> released = post(admin(), path(run, "next-step", "release"), "{\"reason\": \"cleaned\"}");

    // then
    assertThat(released.getStatusCode().value()).as(released.getBody()).isEqualTo(200);
    assertThat(task(run, "next-step")).as("released: its task is there for the agents").isNotNull();
    succeed(fetch(run, "next-step", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertThat(eventLines(run)).contains("JOB_HELD next-step " + ADMIN, "JOB_RELEASED next-step " + ADMIN);
    assertThat(actions(run)).containsExactly("HOLD next-step disk full", "RELEASE next-step cleaned");
  }

  @Test
  void holdingAPendingJobTakesItsTaskBackFromTheAgentsUntilReleased() {
    // given
    String run = start(deploy(TWO_STEPS));
    assertThat(task(run, "work")).as("PENDING").isNotNull();

    // when
    ResponseEntity<String> held = post(admin(), path(run, "work", "hold"), "{}");

    // then
    assertThat(held.getStatusCode().value()).as(held.getBody()).isEqualTo(200);
    assertThat(task(run, "work")).as("no agent can fetch it").isNull();
    assertThat(state(run, "work")).isEqualTo("ON_HOLD");
    assertThat(node(run, "work").get("reason").asText()).matches("held by " + ADMIN + " since [-0-9T:]+Z");

    assertThat(post(admin(), path(run, "work", "release"), "{}").getStatusCode().value()).isEqualTo(200);
    succeed(fetch(run, "work", "w1", 60_000));
    succeed(fetch(run, "next-step", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void whatCannotBeHeldOrReleasedIsRefusedWithTheStateThatForbidsIt() {
    String run = start(deploy(TWO_STEPS));
    LockedExternalTask work = startJob(run, "work", "w1", 1, 60_000);

    assertThat(assertProblem(post(admin(), path(run, "work", "hold"), "{}"), 409, "ALREADY_STARTED")
        .get("state").asText()).isEqualTo("RUNNING");
    assertThat(assertProblem(post(admin(), path(run, "next-step", "release"), "{}"), 409, "NOT_HELD")
        .get("state").asText()).isEqualTo("WAITING");
    assertThat(post(admin(), path(run, "next-step", "hold"), "{}").getStatusCode().value()).isEqualTo(200);
    assertThat(assertProblem(post(admin(), path(run, "next-step", "hold"), "{}"), 409, "ALREADY_HELD")
        .get("state").asText()).isEqualTo("ON_HOLD");
    succeed(work);
    assertThat(assertProblem(post(admin(), path(run, "work", "hold"), "{}"), 409, "ALREADY_FINISHED")
        .get("state").asText()).isEqualTo("SUCCEEDED");
    assertProblem(post(admin(), path(run, "no-such-job", "hold"), "{}"), 404, "NOT_FOUND");
    assertProblem(post(agent(), path(run, "next-step", "release"), "{}"), 403, "FORBIDDEN");
    assertThat(state(run, "next-step")).as("nothing refused changed anything").isEqualTo("ON_HOLD");
  }

  @Test
  void aSkippedJobEndsSkippedWithTheReasonAndWhatDependsOnItIsSkippedToo() {
    // given
    String run = start(deploy(FORK_AND_FINALLY));

    // when
    JsonNode noReason = assertProblem(post(admin(), path(run, "side", "skip"), "{}"), 400, "BAD_REQUEST");
    ResponseEntity<String> skipped = post(admin(), path(run, "side", "skip"), "{\"reason\": \"not needed today\"}");

    // then
    assertThat(noReason.get("message").asText()).contains("say why");
    assertThat(skipped.getStatusCode().value()).as(skipped.getBody()).isEqualTo(200);
    assertThat(state(run, "side")).isEqualTo("SKIPPED");
    assertThat(node(run, "side").get("reason").asText()).isEqualTo("skipped by " + ADMIN + ": not needed today");
    succeed(fetch(run, "first", "w1", 60_000));
    succeed(fetch(run, "long", "w1", 60_000));
    assertThat(task(run, "side")).as("never offered to an agent").isNull();
    awaitState(run, "after", "SKIPPED");
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertThat(node(run, "side").get("attempts").asInt()).isZero();
    assertThat(eventLines(run)).contains("JOB_SKIPPED side " + ADMIN, "JOB_SKIPPED after null");
    assertThat(actions(run)).containsExactly("SKIP side not needed today");
  }

  @Test
  void aPendingOrHeldJobCanBeSkippedAndTheFlowGoesOnAtOnce() {
    String run = start(deploy(TWO_STEPS));
    assertThat(post(admin(), path(run, "next-step", "hold"), "{}").getStatusCode().value()).isEqualTo(200);
    assertThat(post(admin(), path(run, "work", "skip"), "{\"reason\": \"done by hand\"}").getStatusCode().value())
        .isEqualTo(200);
    assertThat(task(run, "work")).as("the PENDING job's task withdrawn").isNull();
    assertThat(state(run, "work")).isEqualTo("SKIPPED");
    assertThat(state(run, "next-step")).as("the skip rules: downstream of a skip is skipped").isEqualTo("SKIPPED");
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void aStartedJobCannotBeSkipped() {
    String run = start(deploy(TWO_STEPS));
    startJob(run, "work", "w1", 1, 60_000);

    JsonNode body = assertProblem(post(admin(), path(run, "work", "skip"), "{\"reason\": \"x\"}"), 409,
        "ALREADY_STARTED");

    assertThat(body.get("message").asText()).contains("stop it instead");
    assertThat(state(run, "work")).isEqualTo("RUNNING");
  }

  @Test
  void aHeldRunStartsNothingNewWhileWhatRunsGoesOnAndCarriesOnWhenReleased() {
    // given
    String run = start(deploy(FORK_AND_FINALLY));
    succeed(fetch(run, "first", "w1", 60_000));
    LockedExternalTask longJob = startJob(run, "long", "w1", 1, 60_000);

    // when
    ResponseEntity<String> held = post(admin(), "/jobnet-api/runs/" + run + "/hold", "{\"reason\": \"db backup\"}");

    // then
    assertThat(held.getStatusCode().value()).as(held.getBody()).isEqualTo(200);
    assertThat(runState(run)).isEqualTo("ON_HOLD");
    assertThat(task(run, "side")).as("the PENDING job gave its task back").isNull();
    succeed(longJob);
    assertThat(state(run, "long")).as("what ran went on").isEqualTo("SUCCEEDED");
    assertProblem(post(admin(), "/jobnet-api/runs/" + run + "/hold", "{}"), 409, "ALREADY_HELD");

    // when
    assertThat(post(admin(), "/jobnet-api/runs/" + run + "/release", "{}").getStatusCode().value()).isEqualTo(200);

    // then
    assertThat(runState(run)).isEqualTo("RUNNING");
    succeed(fetch(run, "side", "w1", 60_000));
    succeed(fetch(run, "after", "w1", 60_000));
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertProblem(post(admin(), "/jobnet-api/runs/" + run + "/release", "{}"), 409, "ALREADY_ENDED");
  }

  @Test
  void aHeldJobnetLetsWhatRunsInItFinishAndStartsNothingNewUntilReleased() {
    // given
    String run = start(deploy(NESTED));
    assertThat(post(admin(), path(run, "work", "hold"), "{}").getStatusCode().value()).isEqualTo(200);

    // when the flow reaches it
    succeed(fetch(run, "prepare", "w1", 60_000));

    // then
    assertThat(task(run, "work.step-1")).as("the held jobnet's content did not start").isNull();
    assertThat(state(run, "work")).isEqualTo("ON_HOLD");

    // when released, then held again while its first job runs
    assertThat(post(admin(), path(run, "work", "release"), "{}").getStatusCode().value()).isEqualTo(200);
    LockedExternalTask step1 = startJob(run, "work.step-1", "w1", 1, 60_000);
    assertThat(post(admin(), path(run, "work", "hold"), "{}").getStatusCode().value()).isEqualTo(200);
    succeed(step1);

    // then
    assertThat(task(run, "work.step-2")).as("nothing new starts in a held jobnet").isNull();
    assertThat(post(admin(), path(run, "work", "release"), "{}").getStatusCode().value()).isEqualTo(200);
    succeed(fetch(run, "work.step-2", "w1", 60_000));
    succeed(fetch(run, "report", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertThat(state(run, "work")).isEqualTo("SUCCEEDED");
  }

  @Test
  void stoppingARunSkipsWhatWaitsHeldInItAndTheRunEnds() {
    String run = start(deploy(TWO_STEPS));
    assertThat(post(admin(), path(run, "next-step", "hold"), "{}").getStatusCode().value()).isEqualTo(200);
    succeed(fetch(run, "work", "w1", 60_000));

    assertThat(post(admin(), "/jobnet-api/runs/" + run + "/stop", "{}").getStatusCode().value()).isEqualTo(200);

    awaitRunState(run, "STOPPED");
    assertThat(state(run, "next-step")).isEqualTo("SKIPPED");
  }

  @Test
  void stoppingAHeldJobThatTheFlowReachedEndsItStoppedWithoutRunningIt() {
    String run = start(deploy(TWO_STEPS));
    assertThat(post(admin(), path(run, "next-step", "hold"), "{}").getStatusCode().value()).isEqualTo(200);
    succeed(fetch(run, "work", "w1", 60_000));

    ResponseEntity<String> r = post(admin(), path(run, "next-step", "stop"), "{\"reason\": \"not tonight\"}");

    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(state(run, "next-step")).isEqualTo("STOPPED");
    assertThat(node(run, "next-step").get("attempts").asInt()).isZero();
    awaitRunState(run, "FAILED");
  }

  @Test
  void aHoldRacingTheFlowIntoTheJobNeverLeavesTheHeldJobOfferedToAgents() throws Exception {
    String key = deploy(TWO_STEPS);
    for (int round = 0; round < 12; round++) {
      // given
      String run = start(key);
      LockedExternalTask work = fetch(run, "work", "w1", 60_000);
      CountDownLatch go = new CountDownLatch(1);

      // when the job before it completes at the same moment as the hold
      CompletableFuture<Void> completing = CompletableFuture.runAsync(() -> {
        await(go);
        for (int attempt = 0; ; attempt++) {
          try {
            succeed(work); // as the agent does, sent again after a conflict
            return;
          } catch (OptimisticLockingException e) {
            assertThat(attempt).as("conflicts").isLessThan(10);
          }
        }
      });
      CompletableFuture<ResponseEntity<String>> holding = CompletableFuture.supplyAsync(() -> {
        await(go);
        return post(admin(), path(run, "next-step", "hold"), "{}");
      });
      go.countDown();
      completing.get(30, TimeUnit.SECONDS);
      ResponseEntity<String> held = holding.get(30, TimeUnit.SECONDS);

      // then
      assertThat(held.getStatusCode().value()).as(held.getBody()).isEqualTo(200);
      assertThat(task(run, "next-step")).as("round " + round + ": a held job is never offered to the agents")
          .isNull();
      assertThat(post(admin(), path(run, "next-step", "release"), "{}").getStatusCode().value()).isEqualTo(200);
      succeed(fetch(run, "next-step", "w1", 60_000));
      awaitRunState(run, "SUCCEEDED");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String path(String run, String elementId, String action) {
    return "/jobnet-api/runs/" + run + "/nodes/" + elementId + "/" + action;
  }

  /** "ACTION element reason" of each operator action on the run, oldest first. */
  private List<String> actions(String run) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/runs/" + run + "/actions", String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (JsonNode a : json(r.getBody())) {
      out.add((a.get("action").asText() + " " + a.path("elementId").asText("-") + " " + a.path("reason").asText(""))
          .strip());
    }
    return out;
  }

}
