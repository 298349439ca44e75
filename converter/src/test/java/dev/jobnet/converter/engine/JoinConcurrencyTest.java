package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two agents finishing the two branches of a join at the same moment. With a plain parallel join one
 * of the two completes fails with an OptimisticLockingException most of the time; the converter's
 * joins are asynchronous before, so both completes go through and the join runs as a job afterwards.
 */
class JoinConcurrencyTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  static final int INSTANCES = 30;
  static final long DEADLINE_SECONDS = 30;

  private final JobnetDeployer deployer = new JobnetDeployer(engine);
  private final ProcessDriver driver = new ProcessDriver(engine);
  private final ExecutorService agents = Executors.newFixedThreadPool(2);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  @AfterEach
  void stopAgents() {
    agents.shutdownNow();
  }

  @Test
  void branchesCompletedAtTheSameMomentNeverCollideAndEveryRunReachesTheNextJob() throws Exception {
    // given runs waiting at both branches of a join, each branch locked by its own agent
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
    List<ProcessInstance> runs = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("nightly", "run-" + i);
      driver.complete(task(run, "extract"));
      runs.add(run);
    }
    ExternalTaskService tasks = engine.getExternalTaskService();

    // when for each run both agents complete their branch at once
    List<Throwable> failures = new ArrayList<>();
    for (ProcessInstance run : runs) {
      ExternalTask a = task(run, "transform-a");
      ExternalTask b = task(run, "transform-b");
      tasks.lock(a.getId(), "agent-a", ProcessDriver.LOCK_MILLIS);
      tasks.lock(b.getId(), "agent-b", ProcessDriver.LOCK_MILLIS);
      CyclicBarrier together = new CyclicBarrier(2);
      Future<?> fa = agents.submit(() -> {
        together.await();
        tasks.complete(a.getId(), "agent-a");
        return null;
      });
      Future<?> fb = agents.submit(() -> {
        together.await();
        tasks.complete(b.getId(), "agent-b");
        return null;
      });
      for (Future<?> f : List.of(fa, fb)) {
        try {
          f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
    }

    // then no agent saw an error
    assertThat(failures).as("exceptions the completing agents saw").isEmpty();

    // and once the join jobs ran, every run waits at the next job, exactly once
    for (ProcessInstance run : runs) {
      assertThat(driver.executeJobs(run)).as("join jobs of %s", run.getBusinessKey()).isEqualTo(2);
      assertThat(run).isWaitingAtExactly("load").hasPassed("transform-a", "transform-b", "load._join");
    }
    assertThat(engine.getExternalTaskService().createExternalTaskQuery().activityId("load").count())
        .isEqualTo(INSTANCES);
  }

  @Test
  void joinFiringWhileAnUnrelatedBranchCompletesNeverCollides() throws Exception {
    // given runs where b and c have reached e's join and d, a branch of its own, is locked by an agent
    deployer.deploy("""
        version: 1
        jobnets:
          fan:
            jobs:
              a: { run: a.sh, next: [b, c, d] }
              b: { run: b.sh, next: e }
              c: { run: c.sh, next: e }
              d: { run: d.sh }
              e: { run: e.sh }
        """);
    List<Throwable> failures = new ArrayList<>();
    List<ProcessInstance> runs = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("fan", "run-" + i);
      runs.add(run);
      driver.complete(task(run, "a"));
      driver.complete(task(run, "b"));
      driver.complete(task(run, "c"));
      List<String> joinJobs = engine.getManagementService().createJobQuery().processInstanceId(run.getId())
          .activityId("e._join").list().stream().map(j -> j.getId()).toList();
      assertThat(joinJobs).hasSize(2);
      engine.getManagementService().executeJob(joinJobs.get(0));
      ExternalTask d = task(run, "d");
      engine.getExternalTaskService().lock(d.getId(), "agent-d", ProcessDriver.LOCK_MILLIS);

      // when the job executor fires the join while the agent completes d
      CyclicBarrier together = new CyclicBarrier(2);
      Future<?> join = agents.submit(() -> {
        together.await();
        engine.getManagementService().executeJob(joinJobs.get(1));
        return null;
      });
      Future<?> complete = agents.submit(() -> {
        together.await();
        engine.getExternalTaskService().complete(d.getId(), "agent-d");
        return null;
      });
      for (Future<?> f : List.of(join, complete)) {
        try {
          f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
    }

    // then neither saw an error, and every run waits at e with d's token at the final join
    assertThat(failures).as("exceptions of the join jobs and the completing agent").isEmpty();
    for (ProcessInstance run : runs) {
      assertThat(driver.executeJobs(run)).as("final join job of %s", run.getBusinessKey()).isOne();
      assertThat(run).isWaitingAtExactly("e", "_join");
    }
  }

  private ExternalTask task(ProcessInstance run, String activityId) {
    return engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.getId())
        .activityId(activityId).singleResult();
  }
}
