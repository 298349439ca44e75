package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.agent.process.ProcessLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted agent finding a job it was starting when it died (journal phase LAUNCHING): the command
 * ran if its wrapper left a pid or an exit status, and then it is never started again; otherwise it
 * never ran and is given back.
 */
class AgentRecoveryTest {

  @TempDir
  Path work;

  @Test
  void aCommandThatRanWhileTheAgentWasDownIsReportedNotStartedAgain() throws Exception {
    // given: the agent died after launching; the command ran to its end (exit status 0)
    Journal journal = new Journal(work);
    journal.write(claimed("t-ran").launching(ProcessGroups.bootId()));
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(journal.directory("t-ran"));
    Files.createDirectories(files.exitStatus().getParent());
    Files.writeString(files.exitStatus().resolveSibling("exit-status.pid"), "999999");
    Files.writeString(files.exitStatus(), "0");

    // when
    RecordingEngine engine = runUntil(journal, "complete t-ran");

    // then
    assertThat(engine.calls).contains("complete t-ran {}").noneMatch(c -> c.startsWith("release t-ran"));
  }

  @Test
  void aCommandThatNeverRanIsGivenBack() throws Exception {
    // given: the agent died after journaling LAUNCHING, before the wrapper ran
    Journal journal = new Journal(work);
    journal.write(claimed("t-never").launching(ProcessGroups.bootId()));

    // when
    RecordingEngine engine = runUntil(journal, "release t-never 1");

    // then
    assertThat(engine.calls).contains("release t-never 1", "unlock t-never")
        .noneMatch(c -> c.startsWith("complete t-never"));
    assertThat(journal.read("t-never")).isEmpty();
  }

  @Test
  void aCommandBeingStartedWhenTheHostWentDownIsStuckNotGivenBack() throws Exception {
    // given: LAUNCHING on disk from before a reboot; the wrapper's pid file, never synced, did not survive
    Journal journal = new Journal(work);
    journal.write(claimed("t-lost").launching("a-boot-before-this-one"));

    // when
    RecordingEngine engine = runUntil(journal, "failure t-lost");

    // then: it may have run, so it is not run again on the agent's own; an operator decides
    assertThat(engine.calls).anyMatch(c -> c.startsWith("failure t-lost 'process lost when host restarted: agent agent-r"
        + " was starting it at ") && c.contains("(whether it ran is not known)") && c.endsWith("retries=0 in=0"))
        .noneMatch(c -> c.startsWith("release t-lost") || c.startsWith("complete t-lost"));
  }

  private static JobRecord claimed(String taskId) {
    return new JobRecord(taskId, "jobnet.default", "work", "pi-1", "/bin/true", 1, 5, System.currentTimeMillis(),
        null, null, null, JobPhase.CLAIMED, null, null, null, null, null, null);
  }

  /** Runs an agent on the journal until the engine saw {@code call} (30 s at most), then stops it. */
  private RecordingEngine runUntil(Journal journal, String call) throws Exception {
    RecordingEngine engine = new RecordingEngine();
    AgentConfig config = new AgentConfig("http://127.0.0.1:1/engine-rest", null, null, "agent-r",
        List.of("default"), 2, work, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1),
        Duration.ofSeconds(5), Duration.ofSeconds(1), List.of());
    Agent agent = new Agent(config, engine, Clock.systemUTC());
    Thread loop = new Thread(agent::run, "agent-loop");
    loop.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (engine.calls.stream().noneMatch(c -> c.startsWith(call)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(engine.calls).as("the engine saw " + call).anyMatch(c -> c.startsWith(call));
    } finally {
      agent.stop();
      loop.join(Duration.ofSeconds(30).toMillis());
    }
    return engine;
  }
}
