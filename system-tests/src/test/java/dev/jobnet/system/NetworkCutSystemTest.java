package dev.jobnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between an agent and the engine cut at the worst moments (failures.md F7, F8): the
 * command runs exactly once, and the outcome arrives once the network is back.
 */
class NetworkCutSystemTest {

  static JobnetSystem system;

  @TempDir
  Path dir;

  @BeforeAll
  static void startEngine() throws Exception {
    system = new JobnetSystem(JobnetSystem.logDirectory(NetworkCutSystemTest.class));
  }

  @AfterAll
  static void stopEngine() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  private Path script(String name, String body) throws Exception {
    return JobScripts.script(dir, name, body);
  }

  private List<String> runs(String name) throws Exception {
    return JobScripts.runs(dir, name);
  }

  private String deployOneJob(Path job) throws Exception {
    String server = "s-" + UUID.randomUUID().toString().substring(0, 8);
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: %s
        """.formatted(server, server, job));
    return server;
  }

  @Test
  void aCutBeforeTheStartMarkerStartsNothingAndTheJobRunsOnceWhenTheNetworkIsBack() throws Exception {
    // given: F7, the link cut exactly when the agent sends the start marker
    Path job = script("f7.sh", "exit 0");
    String server = deployOneJob(job);
    TcpProxy link = system.link();
    link.cutAtRequest("/start");
    JavaProcess agent = system.startAgent("f7-" + server, Map.of("JOBNET_AGENT_SERVERS", server,
        "JOBNET_ENGINE_URL", "http://127.0.0.1:" + link.port() + "/engine-rest"));
    // when
    String run = system.start(server, Map.of());
    Await.until("the link to be cut at the start marker", Duration.ofSeconds(60), link::isCut);
    Thread.sleep(2_000); // the cut lasts a while; what matters is that nothing starts meanwhile
    assertThat(runs("f7.sh")).as("runs while the marker could not be written").isEmpty();
    link.restore();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    // then
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs("f7.sh")).hasSize(1);
    assertThat(agent.output()).contains("start marker not written");
  }

  @Test
  void aCutLongerThanTheLockWhileTheCommandRunsEndsWithTheRealOutcomeAndOneRun() throws Exception {
    // given: F8, a job of 12 s; the agent's lock is 6 s
    Path job = script("f8.sh", "sleep 12; exit 0");
    String server = deployOneJob(job);
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
    assertThat(runs("f8.sh")).hasSize(1);
    // the heartbeats failed while cut, and the agent holds the job again once the engine answers
    assertThat(agent.output()).contains("heartbeat failed").containsAnyOf("the engine answers again; lock held",
        "fetched again while this agent still has it");
  }
}
