package dev.jobnet.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.Agents;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.StatementCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Camunda's history cleanup as the engine app sets it up (end-time based): a finished run goes the
 * history days after it ended, a younger one stays, and a run's end writes no removal times into
 * every history table (issue 11: the root's end updated sixteen history tables).
 */
@Import(StatementCounter.Counting.class)
class HistoryCleanupAppTest extends EngineAppTest {

  @Autowired
  ProcessEngine engine;

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void aFinishedRunIsRemovedTheHistoryDaysAfterItEndedAndAYoungerOneStays() {
    // given: a run that ended now
    String key = deploy();
    String run = runToItsEnd(key);
    // when: the cleanup runs now
    cleanUpHistory();
    // then: it stays
    assertThat(historicRuns(run)).isEqualTo(1);
    // when: the cleanup runs a day after its history days
    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(HISTORY_DAYS + 1))));
    String younger = runToItsEnd(key);
    cleanUpHistory();
    // then: it is gone with its activities; the run that ended on that later day stays
    assertThat(historicRuns(run)).isZero();
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(run).count())
        .isZero();
    assertThat(historicRuns(younger)).isEqualTo(1);
  }

  @Test
  void aRunsEndWritesNoRemovalTimes() {
    // given: a run at its last job
    String key = deploy();
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    String task = Agents.fetch(engine, run, "a", "w").getId();
    // when: the job ends, and the run with it
    StatementCounter.watch(sql -> sql.toUpperCase(Locale.ROOT).startsWith("UPDATE")
        && sql.toUpperCase(Locale.ROOT).contains("REMOVAL_TIME_"));
    engine.getExternalTaskService().complete(task, "w");
    List<String> removalTimes = StatementCounter.take();
    // then
    assertThat(historicRuns(run)).isEqualTo(1);
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(run).finished()
        .count()).isEqualTo(1);
    assertThat(removalTimes).as("statements that write removal times as the run ends").isEmpty();
  }

  private String deploy() {
    String key = "clean-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, "jobnets:\n  " + key + ":\n    jobs:\n      a: a.sh\n");
    return key;
  }

  private String runToItsEnd(String key) {
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    engine.getExternalTaskService().complete(Agents.fetch(engine, run, "a", "w").getId(), "w");
    Agents.awaitEnded(engine, run);
    return run;
  }

  /**
   * Camunda's history cleanup, now (outside its batch window), run to its end on this thread or by
   * the app's job executor.
   */
  private void cleanUpHistory() {
    Job cleanup = scheduleCleanupNow();
    for (int i = 0; i < 100; i++) {
      Job now = engine.getManagementService().createJobQuery().jobId(cleanup.getId()).singleResult();
      if (now == null || now.getDuedate() != null && now.getDuedate().after(ClockUtil.getCurrentTime())) {
        return; // done, or rescheduled for its next round: nothing left to remove now
      }
      try {
        engine.getManagementService().executeJob(cleanup.getId());
      } catch (OptimisticLockingException e) {
        // the app's job executor ran this round meanwhile
      }
    }
  }

  /**
   * Schedules the cleanup job for now; the job executor of this app (or of another engine on the same
   * database, as the tests' cached apps are) may be updating that one job meanwhile, so a collision is
   * tried again, for at most 20 s.
   */
  private Job scheduleCleanupNow() {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return engine.getHistoryService().cleanUpHistoryAsync(true);
      } catch (OptimisticLockingException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private long historicRuns(String run) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(run).count();
  }
}
