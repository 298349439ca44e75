package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.agent.process.ProcessGroups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine side goes away mid-job for the design's 60 s (failures.md F5, F6): the engine app
 * stopped and started, or its PostgreSQL server itself stopped and started (a server of the test's
 * own, so that no other test loses its database). The job goes on on its agent and ends meanwhile;
 * its outcome arrives afterwards, it ran once, and new runs start at once.
 */
class EngineOutageSystemTest {

  /** The outage of the design's F5 and F6. */
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  @SystemUnderTest(ownDatabaseServer = true)
  static JobnetSystem system;

  @TempDir
  Path dir;

  /** Deploys a jobnet of one job and starts an agent for its server. */
  private String deploy(Path job) throws Exception {
    String server = system.deployOneJob(job);
    system.startAgent("a-" + server, Map.of("JOBNET_AGENT_SERVERS", server));
    return server;
  }

  @Test
  void theEngineAppStoppedForAMinuteMidJobGetsTheOutcomeWhenStartedAndStartsNewRuns() throws Exception {
    // given: F5, a job of 6 s
    Path job = script(dir, "f5.sh", "sleep 6; exit 0");
    String server = deploy(job);
    String run = system.start(server, Map.of());
    long pid = JobScripts.awaitPid(dir.resolve("f5.sh.pid"), Duration.ofSeconds(60));
    // when: the engine app is away for a minute
    long outageEnds = System.nanoTime() + OUTAGE.toNanos();
    system.stopEngine();
    // then: the job goes on without it and ends while it is away
    Await.until("the command to end while the engine app is away", Duration.ofSeconds(30),
        () -> !ProcessGroups.isRunning(pid));
    holdUntil(outageEnds, () -> assertThat(system.engineRuns()).as("the engine app stays stopped").isFalse());
    system.startEngine();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f5.sh")).hasSize(1);
    String next = system.start(server, Map.of());
    assertThat(system.awaitEnd(next, Duration.ofSeconds(60)).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f5.sh")).hasSize(2);
  }

  @Test
  void postgresqlStoppedForAMinuteMidJobDelaysTheOutcomeLosesNothingAndTheEngineRecoversAlone() throws Exception {
    // given: F6, a job of 4 s
    Path job = script(dir, "f6.sh", "sleep 4; exit 0");
    String server = deploy(job);
    String run = system.start(server, Map.of());
    long pid = JobScripts.awaitPid(dir.resolve("f6.sh.pid"), Duration.ofSeconds(60));
    // when: the database server itself is stopped for a minute (pg_ctl stop -m fast: clients cut off)
    long outageEnds = System.nanoTime() + OUTAGE.toNanos();
    system.databaseServer().stop();
    // then: the job ends meanwhile; the engine app stays up through the outage
    Await.until("the command to end while PostgreSQL is stopped", Duration.ofSeconds(30),
        () -> !ProcessGroups.isRunning(pid));
    holdUntil(outageEnds, () -> {
      assertThat(system.databaseServer().isRunning()).isFalse();
      assertThat(system.engineRuns()).as("the engine app, while its database is stopped").isTrue();
    });
    system.databaseServer().start();
    // and without a restart of the engine app: the outcome, one run, and a new run at once
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f6.sh")).hasSize(1);
    String next = system.start(server, Map.of());
    assertThat(system.awaitEnd(next, Duration.ofSeconds(60)).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(system.engineRuns()).isTrue();
  }

  /**
   * Lets the outage last its full length (the scenario, not a wait for a condition), checking {@code
   * meanwhile} every second.
   */
  private static void holdUntil(long endNanos, Runnable meanwhile) throws InterruptedException {
    while (System.nanoTime() < endNanos) {
      meanwhile.run();
      Thread.sleep(Math.max(1, Math.min(1_000, (endNanos - System.nanoTime()) / 1_000_000)));
    }
    meanwhile.run();
  }
}
