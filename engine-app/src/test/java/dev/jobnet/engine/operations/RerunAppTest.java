package dev.jobnet.engine.operations;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import dev.jobnet.protocol.ProcessVariables;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * Rerun and mark SUCCEEDED on ended runs, over REST, with the test playing the agents: the operator's
 * morning after a failed night. What ran before does not run again, what failed and what depends on
 * it does, the finally blocks run again, and the new run is linked to the old one both ways.
 */
class RerunAppTest extends OperatorTestBase {

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
                finally:
                  jobs:
                    release: echo release
              next: report
            report: echo report
          finally:
            jobs:
              cleanup: echo cleanup
      """;

  /** A FORK run that ended FAILED: side failed (attempt 1), after SKIPPED, cleanup ran. */
  private String failedFork(String key) {
    String run = start(key);
    succeed(fetch(run, "first", "w1", 60_000));
    succeed(fetch(run, "long", "w1", 60_000));
    failJob(startJob(run, "side", "w1", 1, 60_000), "exit status 3");
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "FAILED");
    assertThat(state(run, "after")).isEqualTo("SKIPPED");
    return run;
  }

  @Test
  void aFailedJobRerunAfterTheFixRunsAloneWithWhatDependsOnItAndTheNewRunSucceeds() {
    // given
    String old = failedFork(deploy(FORK_AND_FINALLY));

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + old + "/nodes/side/rerun",
        "{\"reason\": \"input file fixed\"}");

    // then
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    JsonNode answer = json(r.getBody());
    String run = answer.get("runId").asText();
    assertThat(run).isNotEqualTo(old);
    assertThat(answer.get("rerunOf").asText()).isEqualTo(old);
    awaitOffered(run, "side"); // only the rerun job is offered to the agents
    assertThat(state(run, "first")).isEqualTo("SUCCEEDED");
    assertThat(state(run, "long")).isEqualTo("SUCCEEDED");
    assertThat(node(run, "first").get("attempts").asInt()).as("not run again").isZero();
    assertThat(node(run, "first").get("reason").asText()).isEqualTo("SUCCEEDED in run " + old + ": not run again");

    LockedExternalTask started = startJob(run, "side", "w2", 2, 60_000); // attempt 2: the numbering goes on
    assertThat(started.getVariables().get(ProcessVariables.ATTEMPT_OFFSET)).isEqualTo(1);
    succeed(started);
    succeed(fetch(run, "after", "w1", 60_000));
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertThat(runTree(run).get("rerunOf").asText()).isEqualTo(old);
    assertThat(runTree(old).get("rerunBy").asText()).isEqualTo(run);
    assertThat(runTree(old).get("state").asText()).as("the old run keeps its outcome").isEqualTo("FAILED");
    assertThat(eventLines(old)).contains("JOBNET_RERUN side " + ADMIN);
    assertThat(eventLines(run)).startsWith("JOBNET_STARTED - " + ADMIN).contains("JOBNET_RERUN side " + ADMIN,
        "JOB_SUCCEEDED side w2", "JOB_SUCCEEDED after null", "JOBNET_ENDED - null")
        .doesNotContain("JOB_SUCCEEDED first w1", "JOB_SUCCEEDED long w1");
  }

  @Test
  void aFailedJobMarkedSucceededLetsWhatDependsOnItRunInTheNewRun() {
    String old = failedFork(deploy(FORK_AND_FINALLY));

    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + old + "/nodes/side/mark-succeeded",
        "{\"reason\": \"loaded by hand\"}");

    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    String run = json(r.getBody()).get("runId").asText();
    assertThat(state(run, "side")).isEqualTo("SUCCEEDED");
    assertThat(node(run, "side").get("reason").asText()).isEqualTo("marked SUCCEEDED by " + ADMIN + ": loaded by hand");
    awaitOffered(run, "after");
    succeed(fetch(run, "after", "w1", 60_000));
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void aFailureInANestedJobnetRerunRunsItsFinallyAndTheRootsFinallyAgain() {
    // given: step-1 failed; step-2 and report SKIPPED; both finally blocks ran
    String old = start(deploy(NESTED));
    succeed(fetch(old, "prepare", "w1", 60_000));
    failJob(fetch(old, "work.step-1", "w1", 60_000), "exit status 1");
    succeed(fetch(old, "work._finally.release", "w1", 60_000));
    succeed(fetch(old, "_finally.cleanup", "w1", 60_000));
    awaitRunState(old, "FAILED");

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + old + "/nodes/work.step-1/rerun",
        "{\"reason\": \"the share is mounted again\"}");

    // then
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    String run = json(r.getBody()).get("runId").asText();
    List<String> ran = new ArrayList<>();
    for (String job : List.of("work.step-1", "work.step-2", "work._finally.release", "report", "_finally.cleanup")) {
      awaitOffered(run, job);
      succeed(fetch(run, job, "w1", 60_000));
      ran.add(job);
    }
    awaitRunState(run, "SUCCEEDED");
    assertThat(state(run, "prepare")).isEqualTo("SUCCEEDED");
    assertThat(state(run, "work")).isEqualTo("SUCCEEDED");
    assertThat(ran).doesNotContain("prepare");
  }

  @Test
  void aWholeRunRerunsItsFailedJobsAndWhatTheySkipped() {
    String key = deploy(FORK_AND_FINALLY);
    String old = start(key);
    succeed(fetch(old, "first", "w1", 60_000));
    failJob(fetch(old, "long", "w1", 60_000), "exit status 4");
    failJob(fetch(old, "side", "w1", 60_000), "exit status 3");
    succeed(fetch(old, "_finally.cleanup", "w1", 60_000));
    awaitRunState(old, "FAILED");

    assertProblem(post(admin(), "/jobnet-api/runs/" + old + "/rerun", "{}"), 400, "BAD_REQUEST");
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + old + "/rerun", "{\"reason\": \"disk replaced\"}");

    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    String run = json(r.getBody()).get("runId").asText();
    awaitOffered(run, "long", "side");
    succeed(fetch(run, "long", "w1", 60_000));
    succeed(fetch(run, "side", "w1", 60_000));
    succeed(fetch(run, "after", "w1", 60_000));
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void whatCannotBeRerunIsRefusedWithTheStateThatForbidsIt() {
    String key = deploy(FORK_AND_FINALLY);
    String running = start(key);
    assertThat(assertProblem(post(admin(), "/jobnet-api/runs/" + running + "/nodes/first/rerun",
        "{\"reason\": \"x\"}"), 409, "NOT_RERUNNABLE").get("state").asText()).isEqualTo("WAITING");
    assertThat(assertProblem(post(admin(), "/jobnet-api/runs/" + running + "/rerun", "{\"reason\": \"x\"}"), 409,
        "RUN_RUNNING").get("state").asText()).isEqualTo("RUNNING");

    String old = failedFork(key);
    assertThat(assertProblem(post(admin(), "/jobnet-api/runs/" + old + "/nodes/first/rerun", "{\"reason\": \"x\"}"),
        409, "NOT_RERUNNABLE").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(assertProblem(post(admin(), "/jobnet-api/runs/" + old + "/nodes/after/mark-succeeded",
        "{\"reason\": \"x\"}"), 409, "NOT_FAILED").get("state").asText()).isEqualTo("SKIPPED");
    assertProblem(post(admin(), "/jobnet-api/runs/" + old + "/nodes/side/rerun", "{}"), 400, "BAD_REQUEST");
    assertProblem(post(admin(), "/jobnet-api/runs/" + old + "/nodes/nothing/rerun", "{\"reason\": \"x\"}"), 404,
        "NOT_FOUND");
    assertProblem(post(agent(), "/jobnet-api/runs/" + old + "/nodes/side/rerun", "{\"reason\": \"x\"}"), 403,
        "FORBIDDEN");

    String run = json(post(admin(), "/jobnet-api/runs/" + old + "/nodes/side/rerun", "{\"reason\": \"x\"}").getBody())
        .get("runId").asText();
    assertThat(assertProblem(post(admin(), "/jobnet-api/runs/" + old + "/nodes/side/rerun", "{\"reason\": \"x\"}"),
        409, "ALREADY_RERUN").get("rerunBy").asText()).isEqualTo(run);
  }

  @Test
  void aFailedJobOfARunThatStillRunsRunsAgainInTheRunAndTheJoinStillWaitsForTheOtherBranch() {
    // given: side FAILED while long still runs; after waits at the join
    String run = start(deploy(FORK_AND_FINALLY));
    succeed(fetch(run, "first", "w1", 60_000));
    LockedExternalTask longJob = startJob(run, "long", "w1", 1, 60_000);
    failJob(startJob(run, "side", "w2", 1, 60_000), "exit status 3");
    awaitNoEngineJobs(run);

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/nodes/side/rerun",
        "{\"reason\": \"input fixed\"}");

    // then: the same run goes on; side runs again as attempt 2
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(json(r.getBody()).get("runId").asText()).isEqualTo(run);
    succeed(startJob(run, "side", "w2", 2, 60_000));
    awaitNoEngineJobs(run);
    assertThat(task(run, "after")).as("the join still waits for long").isNull();
    succeed(longJob);
    succeed(fetch(run, "after", "w1", 60_000));
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertThat(state(run, "side")).isEqualTo("SUCCEEDED");
    assertThat(eventLines(run).stream().filter(e -> e.startsWith("JOB_SUCCEEDED after"))).hasSize(1);
    assertThat(eventLines(run)).contains("JOBNET_RERUN side " + ADMIN);
  }

  @Test
  void aFailedJobOfARunThatStillRunsMarkedSucceededLetsTheFlowGoOnInTheRun() {
    String run = start(deploy(FORK_AND_FINALLY));
    succeed(fetch(run, "first", "w1", 60_000));
    LockedExternalTask longJob = startJob(run, "long", "w1", 1, 60_000);
    failJob(startJob(run, "side", "w2", 1, 60_000), "exit status 3");
    awaitNoEngineJobs(run);

    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/nodes/side/mark-succeeded",
        "{\"reason\": \"loaded by hand\"}");

    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(state(run, "side")).isEqualTo("SUCCEEDED");
    assertThat(task(run, "side")).as("not run again").isNull();
    awaitNoEngineJobs(run);
    assertThat(task(run, "after")).as("the join still waits for long").isNull();
    succeed(longJob);
    succeed(fetch(run, "after", "w1", 60_000));
    succeed(fetch(run, "_finally.cleanup", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void aJobOfAnEndedNestedJobnetOfARunThatStillRunsRunsAgainWithItsJobnet() {
    // given: work failed at step-1 (step-2 SKIPPED, work FAILED) while slow still runs; report waits at the join
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              work:
                jobnet:
                  jobs:
                    step-1: { run: echo step 1, next: step-2 }
                    step-2: echo step 2
                next: report
              slow: { run: sleep 100, next: report }
              report: echo report
        """));
    LockedExternalTask slow = startJob(run, "slow", "w1", 1, 60_000);
    failJob(startJob(run, "work.step-1", "w2", 1, 60_000), "exit status 1");
    awaitState(run, "work", "FAILED");
    awaitNoEngineJobs(run);

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + run + "/nodes/work.step-1/rerun",
        "{\"reason\": \"share mounted\"}");

    // then: the jobnet runs again from its start in the same run; report still waits for slow
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    succeed(startJob(run, "work.step-1", "w2", 2, 60_000));
    succeed(fetch(run, "work.step-2", "w2", 60_000));
    awaitState(run, "work", "SUCCEEDED");
    awaitNoEngineJobs(run);
    assertThat(task(run, "report")).as("the join still waits for slow").isNull();
    succeed(slow);
    succeed(fetch(run, "report", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
  }

  /** A root whose expansion starts %1$s-called: load then check there; report after the expansion. */
  private static final String EXPANDING = """
      jobnets:
        %1$s:
          jobs:
            prepare: { run: echo prepare, next: nightly }
            nightly: { expand: %1$s-called, next: report }
            report: echo report
        %1$s-called:
          jobs:
            load: { run: echo load, next: check }
            check: echo check
      """;

  /** The run expansion {@code elementId} of run {@code run} started (the latest), or "" for none yet. */
  private String calledRun(String run, String elementId) {
    JsonNode id = node(run, elementId).path("runId");
    return id.isTextual() ? id.asText() : "";
  }

  /** Waits until expansion {@code elementId} of run {@code run} has started a run other than {@code other}. */
  private String awaitCalledRun(String run, String elementId, String other) {
    await(elementId + " of run " + run + " to start a run", java.time.Duration.ofSeconds(20),
        () -> !calledRun(run, elementId).isEmpty() && !calledRun(run, elementId).equals(other));
    return calledRun(run, elementId);
  }

  @Test
  void aFailedJobInsideAnExpandedRunRerunsThroughItsExpansionAndWhatSucceededInsideDoesNotRunAgain() {
    // given: the night failed at check, inside the run that nightly expanded; report SKIPPED
    String old = start(deploy(EXPANDING));
    succeed(fetch(old, "prepare", "w1", 60_000));
    String called = awaitCalledRun(old, "nightly", "");
    succeed(fetch(called, "load", "w1", 60_000));
    failJob(startJob(called, "check", "w1", 1, 60_000), "exit status 5");
    awaitRunState(old, "FAILED");
    assertThat(state(old, "report")).isEqualTo("SKIPPED");

    // when: the operator reruns check, on the run it failed in
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + called + "/nodes/check/rerun",
        "{\"reason\": \"the check's threshold fixed\"}");

    // then: a new run of the root carries on; prepare and load do not run again, check does (attempt 2)
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    JsonNode answer = json(r.getBody());
    String run = answer.get("runId").asText();
    assertThat(answer.get("rerunOf").asText()).isEqualTo(old);
    String newCalled = awaitCalledRun(run, "nightly", "");
    assertThat(newCalled).isNotEqualTo(called);
    awaitOffered(newCalled, "check");
    assertThat(state(newCalled, "load")).isEqualTo("SUCCEEDED");
    assertThat(node(newCalled, "load").get("reason").asText())
        .isEqualTo("SUCCEEDED in run " + called + ": not run again");
    assertThat(offered(run)).as("prepare does not run again").isEmpty();
    LockedExternalTask check = startJob(newCalled, "check", "w2", 2, 60_000);
    assertThat(check.getVariables().get(ProcessVariables.ATTEMPT_OFFSET)).isEqualTo(1);
    succeed(check);
    succeed(fetch(run, "report", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
    assertThat(state(run, "nightly")).isEqualTo("SUCCEEDED");
    assertThat(eventLines(run)).doesNotContain("JOB_SUCCEEDED prepare w1");
    // the old runs are left as they ended; a second rerun of them is refused
    assertThat(runTree(old).get("rerunBy").asText()).isEqualTo(run);
    assertThat(assertProblem(post(admin(), "/jobnet-api/runs/" + called + "/nodes/check/rerun",
        "{\"reason\": \"again\"}"), 409, "ALREADY_RERUN").get("rerunBy").asText()).isEqualTo(run);
  }

  @Test
  void aWholeRunRerunCarriesTheExpandedRunsStatesAndAMarkInsideItLetsTheRestRun() {
    // given: as above, failed at check
    String key = deploy(EXPANDING);
    String old = start(key);
    succeed(fetch(old, "prepare", "w1", 60_000));
    String called = awaitCalledRun(old, "nightly", "");
    succeed(fetch(called, "load", "w1", 60_000));
    failJob(fetch(called, "check", "w1", 60_000), "exit status 5");
    awaitRunState(old, "FAILED");
    assertThat(assertProblem(post(admin(), "/jobnet-api/runs/" + called + "/rerun", "{\"reason\": \"x\"}"), 409,
        "NOT_A_ROOT").get("rootRunId").asText()).isEqualTo(old);

    // when: the whole root run is rerun
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + old + "/rerun", "{\"reason\": \"fixed\"}");

    // then: the expansion runs again from check alone
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    String run = json(r.getBody()).get("runId").asText();
    String newCalled = awaitCalledRun(run, "nightly", "");
    awaitOffered(newCalled, "check");
    assertThat(state(newCalled, "load")).isEqualTo("SUCCEEDED");

    // and when check fails again, marking it SUCCEEDED inside the (ended) expanded run lets report run
    failJob(fetch(newCalled, "check", "w1", 60_000), "exit status 5");
    awaitRunState(run, "FAILED");
    ResponseEntity<String> marked = post(admin(), "/jobnet-api/runs/" + newCalled + "/nodes/check/mark-succeeded",
        "{\"reason\": \"checked by hand\"}");
    assertThat(marked.getStatusCode().value()).as(marked.getBody()).isEqualTo(200);
    String third = json(marked.getBody()).get("runId").asText();
    succeed(fetch(third, "report", "w1", 60_000));
    awaitRunState(third, "SUCCEEDED");
    String thirdCalled = awaitCalledRun(third, "nightly", "");
    assertThat(state(thirdCalled, "check")).isEqualTo("SUCCEEDED");
    assertThat(node(thirdCalled, "check").get("reason").asText()).startsWith("marked SUCCEEDED by " + ADMIN);
    assertThat(offered(thirdCalled)).isEmpty();
  }

  @Test
  void aFailedJobInsideAnExpandedRunOfARootThatStillRunsRunsAgainInTheRoot() {
    // given: the expanded run failed at check while slow still runs in the root; report waits at the join
    String run = start(deploy("""
        jobnets:
          %1$s:
            jobs:
              nightly: { expand: %1$s-called, next: report }
              slow: { run: sleep 100, next: report }
              report: echo report
          %1$s-called:
            jobs:
              load: { run: echo load, next: check }
              check: echo check
        """));
    LockedExternalTask slow = startJob(run, "slow", "w1", 1, 60_000);
    String called = awaitCalledRun(run, "nightly", "");
    succeed(fetch(called, "load", "w1", 60_000));
    failJob(fetch(called, "check", "w1", 60_000), "exit status 5");
    awaitState(run, "nightly", "FAILED");
    awaitNoEngineJobs(run);

    // when
    ResponseEntity<String> r = post(admin(), "/jobnet-api/runs/" + called + "/nodes/check/rerun",
        "{\"reason\": \"fixed\"}");

    // then: in the root, the expansion runs again, from check
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(json(r.getBody()).get("runId").asText()).isEqualTo(run);
    String newCalled = awaitCalledRun(run, "nightly", called);
    awaitOffered(newCalled, "check");
    assertThat(state(newCalled, "load")).isEqualTo("SUCCEEDED");
    succeed(fetch(newCalled, "check", "w1", 60_000));
    awaitState(run, "nightly", "SUCCEEDED");
    awaitNoEngineJobs(run);
    assertThat(task(run, "report")).as("the join still waits for slow").isNull();
    succeed(slow);
    succeed(fetch(run, "report", "w1", 60_000));
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void aRerunThatWouldRunAgainWhatRunsNowIsRefused() {
    // given: side FAILED, after SKIPPED, the finally's cleanup running
    String run = start(deploy(FORK_AND_FINALLY));
    succeed(fetch(run, "first", "w1", 60_000));
    succeed(fetch(run, "long", "w1", 60_000));
    failJob(fetch(run, "side", "w1", 60_000), "exit status 3");
    startJob(run, "_finally.cleanup", "w1", 1, 60_000);

    JsonNode refused = assertProblem(post(admin(), "/jobnet-api/runs/" + run + "/nodes/side/rerun",
        "{\"reason\": \"x\"}"), 409, "STILL_RUNNING");

    assertThat(refused.get("running").asText()).isEqualTo("_finally");
    assertThat(state(run, "side")).isEqualTo("FAILED");
    assertThat(state(run, "_finally.cleanup")).isEqualTo("RUNNING");
  }

  /** Waits until the run has no job of the job executor left (its asynchronous joins have run). */
  private void awaitNoEngineJobs(String run) {
    await("the asynchronous continuations of run " + run, java.time.Duration.ofSeconds(20),
        () -> engine.getManagementService().createJobQuery().processInstanceId(run).count() == 0);
  }

  /** Waits until exactly these jobs of the run (sorted) are offered to the agents. */
  private void awaitOffered(String run, String... jobs) {
    List<String> expected = java.util.Arrays.stream(jobs).sorted().toList();
    try {
      await("jobs " + expected + " of run " + run + " offered", java.time.Duration.ofSeconds(20),
          () -> offered(run).equals(expected));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; offered: " + offered(run) + "; engine jobs: "
          + engine.getManagementService().createJobQuery().processInstanceId(run).list().stream()
          .map(j -> j.getId() + " due " + j.getDuedate() + " retries " + j.getRetries() + " " + j.getExceptionMessage()
              + " suspended " + j.isSuspended()).toList()
          + "; activities: " + engine.getRuntimeService().getActivityInstance(run), e);
    }
  }

  /** The jobs of the run whose external tasks exist now. */
  private List<String> offered(String run) {
    return engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run).list().stream()
        .map(t -> t.getActivityId()).sorted().toList();
  }
}
