package dev.jobnet.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchMechanismTest {

  @Test
  void linuxWithAJdkThatOffersVforkStartsProcessesDirectly() {
    assertThat(LaunchMechanism.choice(null, 17, "Linux")).contains("VFORK");
    assertThat(LaunchMechanism.choice("", 21, "Linux")).contains("VFORK");
    assertThat(LaunchMechanism.choice(null, 24, "Linux")).contains("VFORK");
  }

  @Test
  void theOperatorsChoiceIsKept() {
    assertThat(LaunchMechanism.choice("POSIX_SPAWN", 17, "Linux")).isEmpty();
    assertThat(LaunchMechanism.choice("FORK", 17, "Linux")).isEmpty();
  }

  @Test
  void jdksThatDeprecateOrRemoveVforkAndOtherSystemsKeepTheirDefault() {
    assertThat(LaunchMechanism.choice(null, 25, "Linux")).isEmpty();
    assertThat(LaunchMechanism.choice(null, 27, "Linux")).isEmpty();
    assertThat(LaunchMechanism.choice(null, 17, "Mac OS X")).isEmpty();
  }

  @Test
  void thisAgentsTestsStartTheirProcessesTheWayTheAgentDoes() {
    // worker-agent's surefire runs with the mechanism AgentMain chooses, so ProcessLauncherTest and
    // the runtime tests start real processes with it
    assertThat(System.getProperty(LaunchMechanism.PROPERTY))
        .isEqualTo(LaunchMechanism.choice(null, Runtime.version().feature(), System.getProperty("os.name"))
            .orElse(null));
  }
}
