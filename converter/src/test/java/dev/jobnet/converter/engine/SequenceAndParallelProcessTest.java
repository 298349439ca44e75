package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The order of jobs in one jobnet, run on the real engine: written order, DAG, forks and joins. */
class SequenceAndParallelProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);
  private final ProcessDriver driver = new ProcessDriver(engine);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  @Test
  void jobnetWithoutNextRunsItsJobsInWrittenOrderAndEnds() {
    // given
    deployer.deploy("""
        version: 1
        jobnets:
          daily:
            jobs:
              extract:   { run: /opt/batch/extract.sh }
              transform: { run: /opt/batch/transform.sh }
              load:      { run: /opt/batch/load.sh }
        """);

    // when
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("daily");

    // then
    assertThat(run).isWaitingAtExactly("extract");
    complete(externalTask("extract", run));
    assertThat(run).isWaitingAtExactly("transform");
    complete(externalTask("transform", run));
    assertThat(run).isWaitingAtExactly("load");
    complete(externalTask("load", run));
    assertThat(run).isEnded().hasPassedInOrder("_start", "extract", "transform", "load", "_end");
  }

  @Test
  void branchesRunTogetherAndTheJoinWaitsForBothBeforeTheNextJob() {
    // given
    deployer.deploy("""
        version: 1
        jobnets:
          nightly:
            jobs:
              extract:     { run: /opt/batch/extract.sh, next: [transform-a, transform-b] }
              transform-a: { run: /opt/batch/ta.sh, next: load }
              transform-b: { run: /opt/batch/tb.sh, next: load }
              load:        { run: /opt/batch/load.sh }
        """);
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("nightly");
    complete(externalTask("extract", run));

    // when both branches are open
    // then both tasks exist at once, on the same topic
    assertThat(run).isWaitingAtExactly("transform-a", "transform-b");
    assertThat(engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.getId()).list())
        .extracting(ExternalTask::getActivityId, ExternalTask::getTopicName)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("transform-a", "jobnet.default"),
            org.assertj.core.groups.Tuple.tuple("transform-b", "jobnet.default"));

    // when the first branch completes, its token waits as a job before the join
    driver.complete(externalTask("transform-a", run));
    assertThat(run).isWaitingAt("transform-b", "load._join");
    execute(job("load._join", run));

    // then the join holds the token (no job any more) until the other branch arrives
    assertThat(run).isWaitingAtExactly("transform-b", "load._join");
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(run.getId()).count()).isZero();
    assertThat(engine.getExternalTaskService().createExternalTaskQuery().activityId("load").count()).isZero();

    // when the second branch completes and its join job runs
    driver.complete(externalTask("transform-b", run));
    execute(job("load._join", run));

    // then the next job starts, once
    assertThat(run).isWaitingAtExactly("load").hasPassed("load._join");
    assertThat(engine.getExternalTaskService().createExternalTaskQuery().activityId("load").count()).isOne();
    complete(externalTask("load", run));
    assertThat(run).isEnded().hasPassed("extract", "extract._fork", "transform-a", "transform-b", "load", "_end");
  }

  @Test
  void severalStartJobsForkFromTheStartAndSeveralEndJobsJoinBeforeTheEnd() {
    // given a and b have no upstream, c and d no downstream; c waits for a and b
    deployer.deploy("""
        version: 1
        jobnets:
          fan:
            jobs:
              a: { run: a.sh, next: c }
              b: { run: b.sh, next: [c, d] }
              c: { run: c.sh }
              d: { run: d.sh }
        """);

    // when
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("fan");

    // then both start jobs run at once
    assertThat(run).isWaitingAtExactly("a", "b").hasPassed("_fork");
    driver.complete(externalTask("a", run));
    driver.complete(externalTask("b", run));
    assertThat(driver.executeJobs(run)).isEqualTo(2);
    assertThat(run).isWaitingAtExactly("c", "d").hasPassed("c._join", "b._fork");

    // and the end waits for both end jobs
    driver.complete(externalTask("d", run));
    assertThat(driver.executeJobs(run)).isOne();
    assertThat(run).isWaitingAtExactly("c", "_join").hasNotPassed("_end");
    driver.complete(externalTask("c", run));
    assertThat(driver.executeJobs(run)).isOne();
    assertThat(run).isEnded().hasPassed("_join", "_end");
  }
}
