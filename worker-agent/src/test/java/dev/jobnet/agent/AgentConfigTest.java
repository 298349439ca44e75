package dev.jobnet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What SIGTERM does with running jobs: {@code JOBNET_AGENT_STOP} and {@code JOBNET_AGENT_DETACH_FOR}. */
class AgentConfigTest {

  @Test
  void anAgentDrainsByDefault() {
    AgentConfig config = AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1"));
    assertThat(config.stop()).isEqualTo(StopMode.DRAIN);
    assertThat(config.detachFor()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void detachAndHowLongTheRestartMayTakeAreRead() {
    AgentConfig config = AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1", "JOBNET_AGENT_STOP", "Detach",
        "JOBNET_AGENT_DETACH_FOR", "PT2M"));
    assertThat(config.stop()).isEqualTo(StopMode.DETACH);
    assertThat(config.detachFor()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anUnknownStopModeOrABadDurationIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1", "JOBNET_AGENT_STOP", "kill")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JOBNET_AGENT_STOP must be one of drain, detach, not 'kill'");
    assertThatThrownBy(() -> AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1", "JOBNET_AGENT_DETACH_FOR", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JOBNET_AGENT_DETACH_FOR");
  }

  @Test
  void theEngineUrlMayNameTheNodesOfAClusterSeparatedByCommas() {
    AgentConfig one = AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1"));
    assertThat(one.engineUrls()).containsExactly(AgentConfig.DEFAULT_ENGINE_URL);
    AgentConfig two = AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1", "JOBNET_ENGINE_URL",
        " http://a:8080/engine-rest , http://b:8080/engine-rest,"));
    assertThat(two.engineUrls()).containsExactly("http://a:8080/engine-rest", "http://b:8080/engine-rest");
    assertThatThrownBy(() -> AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1", "JOBNET_ENGINE_URL",
        "http://a:8080/engine-rest,b:8080/engine-rest")))
        .hasMessageContaining("'b:8080/engine-rest' is not an http(s) URL").hasMessageContaining("comma-separated");
    assertThatThrownBy(() -> AgentConfig.load(Map.of("JOBNET_AGENT_NAME", "a1", "JOBNET_ENGINE_URL", " , ")))
        .hasMessageContaining("JOBNET_ENGINE_URL is empty");
  }
}
