package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine side goes away mid-job (failures.md F5, F6, with outages of 15 s rather than 60 s to keep
 * the suite short): the job goes on on its agent, its outcome arrives afterwards, it ran once, and new
 * runs start at once. The engine reaches PostgreSQL through a link the test can cut.
 */
class EngineOutageSystemTest {

  @SystemUnderTest(databaseBehindLink = true)
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
  void theEngineAppStoppedMidJobAndStartedAgainGetsTheOutcomeAndStartsNewRuns() throws Exception {
    // given: F5
    Path job = script(dir, "f5.sh", "sleep 6; exit 0");
    String server = deploy(job);
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("f5.sh.runs")));
    // when: the engine app is away for a while (the job ends meanwhile)
    system.stopEngine();
    Thread.sleep(15_000);
    system.startEngine();
    // then
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f5.sh")).hasSize(1);
    String next = system.start(server, Map.of());
    assertThat(system.awaitEnd(next, Duration.ofSeconds(60)).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f5.sh")).hasSize(2);
  }

  @Test
  void theDatabaseAwayMidJobDelaysTheOutcomeButLosesNothingAndTheEngineRecoversAlone() throws Exception {
    // given: F6
    Path job = script(dir, "f6.sh", "sleep 4; exit 0");
    String server = deploy(job);
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("f6.sh.runs")));
    // when: the database is out of reach for 15 s (the job ends meanwhile)
    system.databaseLink().cut();
    Thread.sleep(15_000);
    system.databaseLink().restore();
    // then: without a restart of the engine app
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f6.sh")).hasSize(1);
    String next = system.start(server, Map.of());
    assertThat(system.awaitEnd(next, Duration.ofSeconds(60)).get("outcome").asText()).isEqualTo("SUCCEEDED");
  }
}
