package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.StopMode;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.agent.process.ProcessLauncher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's loop with a fake engine: a stop ends the long poll that is waiting, not after it; a stop
 * with detach leaves running jobs to the next agent.
 */
class AgentTest {

  @TempDir
  Path work;

  @Test
  void anIdleAgentStopsWithoutWaitingForItsLongPollToEnd() throws Exception {
    // given: an idle agent whose fetch waits up to 10 minutes for jobs
    RecordingEngine engine = new RecordingEngine();
    AgentConfig config = new AgentConfig("http://127.0.0.1:1/engine-rest", null, null, "agent-a",
        List.of("default"), 4, work, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10),
        Duration.ofSeconds(30), Duration.ofSeconds(5), List.of());
    Agent agent = new Agent(config, engine, Clock.systemUTC());
    Thread loop = new Thread(agent::run, "agent-loop");
    loop.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!engine.calls.contains("fetch 4") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(engine.calls).as("the agent's first fetch").contains("fetch 4");
    // when
    agent.stop();
    // then: the loop ends long before the long poll would have
    assertThat(agent.awaitStopped(Duration.ofSeconds(30))).as("the fetch loop ended").isTrue();
    loop.join(Duration.ofSeconds(30).toMillis());
    assertThat(loop.isAlive()).isFalse();
    assertThat(engine.calls).contains("stopFetching").containsOnlyOnce("fetch 4");
  }

  @Test
  void withDetachAStopLeavesTheRunningJobToTheNextAgentWithItsLockExtendedForTheRestart() throws Exception {
    // given: an agent watching a running command (taken back from its journal), heartbeat 1 s, lock 30 s
    Journal journal = new Journal(work);
    JobRecord launching = new JobRecord("t-long", "jobnet.default", "work", "pi-1", "/bin/sleep 60", 1, 5,
        System.currentTimeMillis(), null, null, null, JobPhase.CLAIMED, null, null, null, null, null, null)
        .launching(ProcessGroups.bootId());
    ProcessLauncher.Launched sleep = new ProcessLauncher().launch(Path.of("/bin/sleep"), List.of("60"), work,
        Map.of("PATH", "/usr/bin:/bin"), ProcessLauncher.AttemptFiles.in(journal.directory("t-long")));
    journal.write(launching.started(sleep.pid(), sleep.startedAt().toEpochMilli(), ProcessGroups.bootId()));
    RecordingEngine engine = new RecordingEngine();
    AgentConfig config = new AgentConfig("http://127.0.0.1:1/engine-rest", null, null, "agent-d",
        List.of("default"), 4, work, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10),
        Duration.ofSeconds(30), Duration.ofSeconds(5), List.of(), StopMode.DETACH, Duration.ofMinutes(2));
    Agent agent = new Agent(config, engine, Clock.systemUTC());
    Thread loop = new Thread(agent::run, "agent-loop");
    loop.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!engine.calls.contains("extendLock t-long") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(engine.calls).as("the job's heartbeat").contains("extendLock t-long");
      // when
      long t0 = System.nanoTime();
      agent.stop();
      // then: it ends at once (not after the 30 s grace), leaves the process running and the job in its
      // journal, extends the lock once by the lock plus the restart, tells the engine it is away, and
      // does not say it stopped
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      assertThat(agent.awaitStopped(Duration.ofSeconds(30))).isTrue();
      assertThat(ProcessGroups.isRunning(sleep.pid())).as("the command").isTrue();
      assertThat(journal.read("t-long")).map(JobRecord::phase).contains(JobPhase.STARTED);
      assertThat(engine.locks.get("t-long")).isEqualTo(Duration.ofSeconds(150));
      assertThat(engine.calls).contains("away PT2M").doesNotContain("stopped")
          .noneMatch(c -> c.startsWith("complete") || c.startsWith("failure"));
      // and no heartbeat shortens that lock afterwards (three heartbeat intervals)
      int after = engine.calls.size();
      Thread.sleep(3_000);
      assertThat(engine.calls.subList(after, engine.calls.size())).noneMatch(c -> c.startsWith("extendLock"));
    } finally {
      ProcessGroups.stop(sleep.pid(), Duration.ofSeconds(2));
    }
  }
}
