package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.jobnet.protocol.ProcessVariables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run-time semantics of jobnets.md, one rule per test, on a real engine with the plugin: jobs
 * finished as an agent would report them, asynchronous joins run by the test.
 */
class JobnetSemanticsTest {

  private JobnetRun run;

  @AfterEach
  void undeploy() {
    if (run != null) {
      run.undeploy();
    }
  }

  @Test
  void aSucceedingJobnetEndsSucceeded() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          ok:
            jobs:
              a: a.sh
              b: b.sh
        """).start("ok");
    // when
    run.runToEnd();
    // then
    assertThat(run.ran()).containsExactly("a", "b");
    assertThat(run.isEnded()).isTrue();
    assertThat(run.outcome()).isEqualTo("SUCCEEDED");
    assertThat(run.states()).containsExactly(entry("_process", "SUCCEEDED"), entry("a", "SUCCEEDED"),
        entry("b", "SUCCEEDED"));
  }

  @Test
  void jobsDownstreamOfAFailureAreSkippedAndTheJobnetFails() {
    // given: a chain in written order
    run = JobnetRun.deploy("""
        jobnets:
          chain:
            jobs:
              a: a.sh
              b: b.sh
              c: c.sh
        """).start("chain");
    // when
    run.runToEnd("a");
    // then
    assertThat(run.ran()).containsExactly("a");
    assertThat(run.states()).contains(entry("a", "FAILED"), entry("b", "SKIPPED"), entry("c", "SKIPPED"));
    assertThat(run.reason("a")).isEqualTo("exit status 1 from a");
    assertThat(run.reason("b")).isEqualTo("upstream a FAILED");
    assertThat(run.reason("c")).isEqualTo("upstream b SKIPPED");
    assertThat(run.outcome()).isEqualTo("FAILED");
    assertThat(run.reason("_process")).isEqualTo("a FAILED");
  }

  @Test
  void siblingsOfAFailureFinishAndTheJoinWaitsForEveryBranch() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          fan:
            jobs:
              split: { run: s.sh, next: [b, c] }
              b: { run: b.sh, next: join }
              c: { run: c.sh, next: join }
              join: { run: j.sh, next: after }
              after: { run: a.sh }
        """).start("fan");
    run.finish("split", "SUCCEEDED");
    assertThat(run.pendingJobs()).containsExactly("b", "c");
    // when: b fails while c still runs
    run.finish("b", "FAILED");
    // then: c is still there to finish, and nothing past the join has started
    assertThat(run.pendingJobs()).containsExactly("c");
    assertThat(run.states()).doesNotContainKey("join");
    run.finish("c", "SUCCEEDED");
    assertThat(run.pendingJobs()).isEmpty();
    assertThat(run.ran()).containsExactly("split", "b", "c");
    assertThat(run.states()).contains(entry("b", "FAILED"), entry("c", "SUCCEEDED"), entry("join", "SKIPPED"),
        entry("after", "SKIPPED"));
    assertThat(run.reason("join")).isEqualTo("upstream b FAILED");
    assertThat(run.isEnded()).isTrue();
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void finallyRunsAfterASucceedingMainFlow() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          fin:
            jobs:
              a: a.sh
            finally:
              jobs:
                cleanup: c.sh
        """).start("fin");
    // when
    run.runToEnd();
    // then
    assertThat(run.ran()).containsExactly("a", "_finally.cleanup");
    assertThat(run.states()).contains(entry("_finally", "SUCCEEDED"), entry("_finally.cleanup", "SUCCEEDED"));
    assertThat(run.outcome()).isEqualTo("SUCCEEDED");
  }

  @Test
  void finallyRunsAfterAFailedMainFlowAndTheJobnetStaysFailed() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          fin:
            jobs:
              a: a.sh
              b: b.sh
            finally:
              jobs:
                cleanup: c.sh
        """).start("fin");
    // when
    run.runToEnd("a");
    // then
    assertThat(run.ran()).containsExactly("a", "_finally.cleanup");
    assertThat(run.states()).contains(entry("a", "FAILED"), entry("b", "SKIPPED"),
        entry("_finally.cleanup", "SUCCEEDED"), entry("_finally", "SUCCEEDED"));
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void aFailingFinallyFailsTheJobnet() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          fin:
            jobs:
              a: a.sh
            finally:
              jobs:
                cleanup: c.sh
                report: r.sh
        """).start("fin");
    // when
    run.runToEnd("_finally.cleanup");
    // then
    assertThat(run.states()).contains(entry("a", "SUCCEEDED"), entry("_finally.cleanup", "FAILED"),
        entry("_finally.report", "SKIPPED"), entry("_finally", "FAILED"));
    assertThat(run.outcome()).isEqualTo("FAILED");
    assertThat(run.reason("_process")).isEqualTo("_finally FAILED");
  }

  @Test
  void aFailureInsideANestedJobnetFailsItRunsItsFinallyAndSkipsWhatFollowsIt() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          outer:
            jobs:
              net:
                next: after
                jobnet:
                  jobs:
                    x: x.sh
                    y: y.sh
                  finally:
                    jobs:
                      tidy: t.sh
              after: a.sh
              other: o.sh
        """).start("outer");
    // when
    run.runToEnd("net.x");
    // then: other (a parallel start job) ran; after did not
    assertThat(run.ran()).containsExactlyInAnyOrder("net.x", "net._finally.tidy", "other");
    assertThat(run.states()).contains(entry("net.x", "FAILED"), entry("net.y", "SKIPPED"),
        entry("net._finally.tidy", "SUCCEEDED"), entry("net", "FAILED"), entry("after", "SKIPPED"),
        entry("other", "SUCCEEDED"));
    assertThat(run.reason("net")).isEqualTo("net.x FAILED");
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void aSkippedNestedJobnetRunsNoneOfItsJobsNorItsFinally() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          outer:
            jobs:
              first: f.sh
              net:
                jobnet:
                  jobs:
                    x: x.sh
                  finally:
                    jobs:
                      tidy: t.sh
        """).start("outer");
    // when
    run.runToEnd("first");
    // then
    assertThat(run.ran()).containsExactly("first");
    assertThat(run.states()).contains(entry("first", "FAILED"), entry("net", "SKIPPED"))
        .doesNotContainKeys("net.x", "net._finally.tidy");
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void anExpansionTakesTheOutcomeOfTheExpandedRoot() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          caller:
            jobs:
              prep: p.sh
              monthly: { expand: report }
              after: a.sh
          report:
            jobs:
              r1: r1.sh
              r2: r2.sh
        """).start("caller");
    // when
    run.runToEnd("r1");
    // then
    assertThat(run.ran()).containsExactly("prep", "r1");
    assertThat(run.states()).contains(entry("prep", "SUCCEEDED"), entry("monthly", "FAILED"),
        entry("after", "SKIPPED"));
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void jobsKnowTheRuntimeIdsOfTheirJobnetsThroughExpansions() {
    // given: caller > expansion of mid > nested jobnet inner > job
    run = JobnetRun.deploy("""
        jobnets:
          caller:
            jobs:
              call: { expand: mid }
          mid:
            jobs:
              inner:
                jobnet:
                  jobs:
                    job1: j.sh
        """).start("caller");
    // when
    var task = run.task("inner.job1");
    var vars = run.engine().getRuntimeService().getVariables(task.getExecutionId());
    // then
    String midInstance = task.getProcessInstanceId();
    String innerInstance = run.engine().getRuntimeService().getActivityInstance(midInstance)
        .getActivityInstances("inner")[0].getId();
    assertThat(midInstance).isNotEqualTo(run.id());
    assertThat(vars.get(ProcessVariables.ANCESTOR_IDS)).isEqualTo(midInstance + ";" + innerInstance);
    assertThat(vars.get(ProcessVariables.FULL_ANCESTOR_IDS))
        .isEqualTo(run.id() + ";" + midInstance + ";" + innerInstance);
  }

  @Test
  void startParametersReachTheJobsOfAnExpandedRootButOurOwnVariablesStayOurs() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          withparams:
            jobs:
              call: { expand: worker }
          worker:
            jobs:
              job1: j.sh
        """);
    run.start("withparams", java.util.Map.of("file", "/data/in.csv", "count", 3));
    // when
    var task = run.task("job1");
    var vars = run.engine().getRuntimeService().getVariables(task.getExecutionId());
    // then
    assertThat(vars).containsEntry("file", "/data/in.csv").containsEntry("count", 3);
    assertThat(vars.keySet()).filteredOn(k -> k.startsWith("jobnet"))
        .containsExactlyInAnyOrder(ProcessVariables.ANCESTOR_IDS, ProcessVariables.FULL_ANCESTOR_IDS);
  }

  @Test
  void withoutExpansionTheActualAndFullAncestorIdsAreEqual() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          plain:
            jobs:
              job1: j.sh
        """).start("plain");
    // when
    var task = run.task("job1");
    var vars = run.engine().getRuntimeService().getVariables(task.getExecutionId());
    // then: neither chain is written: both are the run's own id, what the agent reads when they are
    // absent (JobEnvironment), with no variable and no variable history per run
    assertThat(vars).doesNotContainKeys(ProcessVariables.ANCESTOR_IDS, ProcessVariables.FULL_ANCESTOR_IDS);
    assertThat(task.getProcessInstanceId()).isEqualTo(run.id());
  }

  @Test
  void aNestedJobnetAndAnExpansionAtTheTopOfAPlainRootChainFromTheRootsOwnId() {
    // given: a root that is no expansion (no chain variables of its own), a nested jobnet and an
    // expansion at its top level
    run = JobnetRun.deploy("""
        jobnets:
          top:
            jobs:
              net:
                next: call
                jobnet:
                  jobs:
                    inner: i.sh
              call: { expand: worker }
          worker:
            jobs:
              job1: j.sh
        """).start("top");
    // when
    var nested = run.engine().getRuntimeService().getVariables(run.task("net.inner").getExecutionId());
    String netInstance = run.engine().getRuntimeService().getActivityInstance(run.id())
        .getActivityInstances("net")[0].getId();
    run.finish("net.inner", "SUCCEEDED");
    var expandedTask = run.task("job1");
    var expanded = run.engine().getRuntimeService().getVariables(expandedTask.getExecutionId());
    // then
    assertThat(nested.get(ProcessVariables.ANCESTOR_IDS)).isEqualTo(run.id() + ";" + netInstance);
    assertThat(nested.get(ProcessVariables.FULL_ANCESTOR_IDS)).isEqualTo(run.id() + ";" + netInstance);
    String workerInstance = expandedTask.getProcessInstanceId();
    assertThat(expanded.get(ProcessVariables.ANCESTOR_IDS)).isEqualTo(workerInstance);
    assertThat(expanded.get(ProcessVariables.FULL_ANCESTOR_IDS)).isEqualTo(run.id() + ";" + workerInstance);
  }

  @Test
  void aStoppedNestedJobnetSkipsTheRestAndItsFinallyAndEndsStopped() {
    // given: x runs inside net
    run = JobnetRun.deploy("""
        jobnets:
          outer:
            jobs:
              net:
                next: after
                jobnet:
                  jobs:
                    x: x.sh
                    y: y.sh
                  finally:
                    jobs:
                      tidy: t.sh
              after: a.sh
            finally:
              jobs:
                report: r.sh
        """).start("outer");
    assertThat(run.pendingJobs()).containsExactly("net.x");
    // when: the operator stops net; its running job is stopped
    run.markStopped("net");
    run.finish("net.x", "STOPPED");
    run.runToEnd();
    // then: the root's finally still runs (only net was stopped)
    assertThat(run.ran()).containsExactly("net.x", "_finally.report");
    assertThat(run.states()).contains(entry("net.x", "STOPPED"), entry("net.y", "SKIPPED"),
        entry("net", "STOPPED"), entry("after", "SKIPPED"), entry("_finally.report", "SUCCEEDED"))
        .doesNotContainKey("net._finally.tidy");
    assertThat(run.reason("net.y")).isEqualTo("jobnet net was stopped");
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void aStoppedRootSkipsEverythingLeftIncludingFinallyAndEndsStopped() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          stopme:
            jobs:
              a: a.sh
              b: b.sh
            finally:
              jobs:
                cleanup: c.sh
        """).start("stopme");
    assertThat(run.pendingJobs()).containsExactly("a");
    // when
    run.markStopped("_process");
    run.finish("a", "STOPPED");
    // then
    assertThat(run.isEnded()).isTrue();
    assertThat(run.ran()).containsExactly("a");
    assertThat(run.states()).contains(entry("a", "STOPPED"), entry("b", "SKIPPED"), entry("_finally", "SKIPPED"),
        entry("_process", "STOPPED"));
    assertThat(run.outcome()).isEqualTo("STOPPED");
  }

  @Test
  void deletingARunningInstanceRecordsItsRunningJobsAndItselfAsStopped() {
    // given
    run = JobnetRun.deploy("""
        jobnets:
          del:
            jobs:
              a: a.sh
        """).start("del");
    assertThat(run.pendingJobs()).containsExactly("a");
    // when
    run.engine().getRuntimeService().deleteProcessInstance(run.id(), "operator cleanup");
    // then
    assertThat(run.states()).contains(entry("a", "STOPPED"), entry("_process", "STOPPED"));
    assertThat(run.reason("a")).isEqualTo("deleted through the engine API: operator cleanup");
  }

  @Test
  void deletingARunSkippingCustomListenersStillRecordsItsRunningJobsAndItselfAsStopped() {
    // given: what Cockpit's delete does (skip custom listeners ticked), with an expansion running
    run = JobnetRun.deploy("""
        jobnets:
          delskip:
            jobs:
              first: { run: f.sh, next: [a, call] }
              a: a.sh
              call: { expand: delskip-inner }
          delskip-inner:
            jobs:
              inner: i.sh
        """).start("delskip").finish("first", "SUCCEEDED");
    String inner = run.task("inner").getProcessInstanceId();
    // when
    run.engine().getRuntimeService().deleteProcessInstance(run.id(), null, true, true);
    // then
    assertThat(run.states()).contains(entry("a", "STOPPED"), entry("call", "STOPPED"), entry("_process", "STOPPED"));
    assertThat(run.reason("a")).isEqualTo("deleted through the engine API");
    assertThat(run.reason(JobnetVariables.PROCESS_ELEMENT)).isEqualTo("deleted through the engine API");
    assertThat(run.states(inner)).contains(entry("inner", "STOPPED"), entry("_process", "STOPPED"));
  }
}
