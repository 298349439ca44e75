package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RunningJobsTest {

  @Test
  void neverMoreJobsThanTheCapacityRunAtOnce() throws Exception {
    // given: two slots, both taken by jobs that wait to be let go
    RunningJobs jobs = new RunningJobs(2);
    CountDownLatch letGo = new CountDownLatch(1);
    CountDownLatch bothRunning = new CountDownLatch(2);
    for (String id : new String[] {"t-1", "t-2"}) {
      jobs.start(id, id, h -> {
        bothRunning.countDown();
        await(letGo);
      });
    }
    assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(jobs.count()).isEqualTo(2);
    assertThat(jobs.holds("t-1")).isTrue();
    assertThat(jobs.taskIds()).containsExactlyInAnyOrder("t-1", "t-2");
    // when: a third job is started
    AtomicBoolean thirdRan = new AtomicBoolean();
    Thread starter = new Thread(() -> jobs.start("t-3", "t-3", h -> thirdRan.set(true)));
    starter.start();
    starter.join(300);
    // then: it waits for a slot, and runs once one is free
    assertThat(starter.isAlive()).as("the third start waits for a free slot").isTrue();
    assertThat(thirdRan).isFalse();
    letGo.countDown();
    starter.join(Duration.ofSeconds(10).toMillis());
    assertThat(starter.isAlive()).isFalse();
    jobs.shutdown(Duration.ofSeconds(10));
    assertThat(thirdRan).isTrue();
    assertThat(jobs.count()).isZero();
    assertThat(jobs.holds("t-1")).isFalse();
  }

  @Test
  void aJobThatFailsUnexpectedlyGivesItsSlotBack() throws Exception {
    RunningJobs jobs = new RunningJobs(1);
    jobs.start("t-1", "t-1", h -> {
      throw new IllegalStateException("boom");
    });
    // the only slot is free again: waiting for it returns
    assertThat(jobs.awaitFreeSlots()).isEqualTo(1);
    CountDownLatch ran = new CountDownLatch(1);
    jobs.start("t-2", "t-2", h -> ran.countDown());
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    jobs.shutdown(Duration.ofSeconds(10));
  }

  @Test
  void freeSlotsAreCountedAndLeftFree() throws Exception {
    RunningJobs jobs = new RunningJobs(3);
    CountDownLatch letGo = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    jobs.start("t-1", "t-1", h -> {
      running.countDown();
      await(letGo);
    });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(jobs.awaitFreeSlots()).isEqualTo(2);
    assertThat(jobs.awaitFreeSlots()).as("counting takes no slot").isEqualTo(2);
    letGo.countDown();
    jobs.shutdown(Duration.ofSeconds(10));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
