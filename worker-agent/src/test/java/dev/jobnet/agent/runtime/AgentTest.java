package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.AgentConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's loop with a fake engine: a stop ends the long poll that is waiting, not after it. */
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
}
