package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryRoundTest {

  @TempDir
  Path work;

  private static JobRecord claimed(String taskId, long at) {
    return new JobRecord(taskId, "jobnet.default", "work", "pi-1", "/bin/true", 1, 5, at, null, null, null,
        JobPhase.CLAIMED, null, null, null, null, null, null);
  }

  private static JobRecord succeeded(String taskId, long at) {
    return claimed(taskId, at).started(42, at, "boot").finished("SUCCEEDED", 0, null, null, null);
  }

  @Test
  void finishedJobsAreReportedAndNeverStartedOnesGivenBackThenForgotten() {
    // given
    Journal journal = new Journal(work);
    journal.write(succeeded("t-done", 1));
    journal.write(claimed("t-claimed", 2));
    RecordingEngine engine = new RecordingEngine();
    DeliveryRound round = new DeliveryRound(engine, journal, new Reporter(engine, journal), new RunningJobs(2), "batch-1-a");
    // when
    round.deliverPending();
    // then: oldest first
    assertThat(engine.calls).containsExactly("complete t-done {}", "release t-claimed 1", "unlock t-claimed");
    assertThat(journal.all()).isEmpty();
  }

  @Test
  void aJobRunningHereIsLeftToItsRunner() throws Exception {
    // given: a claimed job whose runner is at work on it
    Journal journal = new Journal(work);
    journal.write(claimed("t-1", 1));
    RecordingEngine engine = new RecordingEngine();
    RunningJobs jobs = new RunningJobs(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    jobs.start("t-1", "t-1", h -> {
      running.countDown();
      try {
        letGo.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    // when
    new DeliveryRound(engine, journal, new Reporter(engine, journal), jobs, "batch-1-a").deliverPending();
    // then
    assertThat(engine.calls).isEmpty();
    assertThat(journal.read("t-1")).isPresent();
    letGo.countDown();
    jobs.shutdown(Duration.ofSeconds(10));
  }

  @Test
  void anEngineOutOfReachEndsTheRoundAndKeepsEveryRecord() {
    // given
    Journal journal = new Journal(work);
    journal.write(succeeded("t-1", 1));
    journal.write(succeeded("t-2", 2));
    RecordingEngine engine = new RecordingEngine().answer(new EngineUnavailableException("down", null));
    // when
    new DeliveryRound(engine, journal, new Reporter(engine, journal), new RunningJobs(1), "batch-1-a").deliverPending();
    // then: the first report failed, the second was not tried; both wait for the next round
    assertThat(engine.calls).containsExactly("complete t-1 {}");
    assertThat(journal.all()).extracting(JobRecord::taskId).containsExactly("t-1", "t-2");
  }
}
