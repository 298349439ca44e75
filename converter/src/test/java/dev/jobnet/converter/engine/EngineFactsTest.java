package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What plain Camunda 7.24 does with the converter's BPMN when a job does not succeed, before any
 * jobnet engine plugin: the facts the plugin's failure, skip, stop and finally semantics must change.
 * None of these is what jobnets mean (docs: failed jobs skip their downstream, joins settle, finally
 * always runs); when the plugin lands, these tests move to its module and state the jobnet outcome.
 */
class EngineFactsTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  static final String WORKER = "agent-1";

  private final JobnetDeployer deployer = new JobnetDeployer(engine);
  private final ProcessDriver driver = new ProcessDriver(engine);

  @BeforeEach
  void deploy() {
    BpmnAwareTests.init(engine.getProcessEngine());
    deployer.deploy("""
        version: 1
        jobnets:
          branches:
            jobs:
              a: { run: a.sh, next: [b, c] }
              b: { run: b.sh, next: d }
              c: { run: c.sh, next: d }
              d: { run: d.sh }
            finally:
              jobs:
                cleanup: { run: cleanup.sh }
          chain:
            jobs:
              x: { run: x.sh }
              y: { run: y.sh }
            finally:
              jobs:
                cleanup: { run: cleanup.sh }
        """);
  }

  @Test
  void bpmnErrorOnAJobWithoutBoundaryEventEndsItsTokenAndTheJoinBehindItNeverFires() {
    // given
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("branches");
    driver.complete(task(run, "a"));
    ExternalTask b = lock(task(run, "b"));

    // when b is force-stopped the way runtime.md proposes, and c succeeds
    engine.getExternalTaskService().handleBpmnError(b.getId(), WORKER, "jobnet.stopped");
    driver.complete(task(run, "c"));
    driver.executeJobs(run);

    // then nothing is left to run, yet the run never ends: d and the finally are unreachable
    assertThat(run).isNotEnded().hasNotPassed("d", "_finally.cleanup");
    assertThat(engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.getId()).count())
        .isZero();
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(run.getId()).count()).isZero();
  }

  @Test
  void bpmnErrorOnTheOnlyTokenEndsTheWholeRunWithoutItsFinally() {
    // given
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("chain");
    ExternalTask x = lock(task(run, "x"));

    // when
    engine.getExternalTaskService().handleBpmnError(x.getId(), WORKER, "jobnet.stopped");

    // then the run ended as if normally, without y and without its finally
    assertThat(run).isEnded().hasNotPassed("y", "_finally.cleanup", "_end");
  }

  @Test
  void lastFailureMakesAnIncidentAndTheTokenStaysSoTheFinallyDoesNotRun() {
    // given
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("chain");
    ExternalTask x = lock(task(run, "x"));

    // when
    engine.getExternalTaskService().handleFailure(x.getId(), WORKER, "exit status 1", "stderr tail", 0, 0);

    // then
    assertThat(run).isWaitingAtExactly("x").hasNotPassed("_finally.cleanup");
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(run.getId()).count()).isOne();
  }

  private ExternalTask task(ProcessInstance run, String activityId) {
    return engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.getId())
        .activityId(activityId).singleResult();
  }

  private ExternalTask lock(ExternalTask task) {
    engine.getExternalTaskService().lock(task.getId(), WORKER, ProcessDriver.LOCK_MILLIS);
    return task;
  }
}
