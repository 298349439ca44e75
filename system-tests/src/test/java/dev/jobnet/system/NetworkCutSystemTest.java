package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between an agent and the engine cut at the worst moments (failures.md F7, F8): the
 * command runs exactly once, and the outcome arrives once the network is back.
 */
class NetworkCutSystemTest {

  @SystemUnderTest
  static JobnetSystem system;

  @TempDir
  Path dir;

  @Test
  void aCutBeforeTheStartMarkerStartsNothingAndTheJobRunsOnceWhenTheNetworkIsBack() throws Exception {
    // given: F7, the link cut exactly when the agent sends the start marker
    Path job = script(dir, "f7.sh", "exit 0");
    String server = system.deployOneJob(job);
    TcpProxy link = system.link();
    link.cutAtRequest("/start");
    JavaProcess agent = system.startAgent("f7-" + server, Map.of("JOBNET_AGENT_SERVERS", server,
        "JOBNET_ENGINE_URL", "http://127.0.0.1:" + link.port() + "/engine-rest"));
    // when
    String run = system.start(server, Map.of());
    Await.until("the link to be cut at the start marker", Duration.ofSeconds(60), link::isCut);
    Thread.sleep(2_000); // the cut lasts a while; what matters is that nothing starts meanwhile
    assertThat(runs(dir, "f7.sh")).as("runs while the marker could not be written").isEmpty();
    link.restore();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    // then
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f7.sh")).hasSize(1);
    assertThat(agent.output()).contains("start marker not written");
  }

  @Test
  void aCutLongerThanTheLockWhileTheCommandRunsEndsWithTheRealOutcomeAndOneRun() throws Exception {
    // given: F8, a job of 12 s; the agent's lock is 6 s
    Path job = script(dir, "f8.sh", "sleep 12; exit 0");
    String server = system.deployOneJob(job);
    TcpProxy link = system.link();
    JavaProcess agent = system.startAgent("f8-" + server, Map.of("JOBNET_AGENT_SERVERS", server,
        "JOBNET_ENGINE_URL", "http://127.0.0.1:" + link.port() + "/engine-rest"));
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("f8.sh.runs")));
    // when: cut for 8 s, longer than the lock
    link.cut();
    Thread.sleep(8_000);
    link.restore();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    // then
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f8.sh")).hasSize(1);
    // the heartbeats failed while cut, and the agent holds the job again once the engine answers
    assertThat(agent.output()).contains("heartbeat failed").containsAnyOf("the engine answers again; lock held",
        "fetched again while this agent still has it");
  }
}
