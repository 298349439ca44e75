package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which calls of the engine's REST API run as the engine: an agent's to the external task API, no other. */
class EngineRestAuthenticationFilterTest {

  private static final List<String> AGENT = List.of(JobnetGroups.AGENTS);

  @Test
  void anAgentsExternalTaskCallsRunAsTheEngine() {
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/external-task/fetchAndLock", AGENT)).isTrue();
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/external-task/t-1/complete", AGENT)).isTrue();
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/external-task", AGENT)).isTrue();
  }

  @Test
  void anAgentsOtherCallsAreCheckedAsItsOwn() {
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/process-instance/p-1", AGENT)).isFalse();
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/deployment/create", AGENT)).isFalse();
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/external-taskforce", AGENT)).isFalse();
  }

  @Test
  void anyoneElsesExternalTaskCallsAreCheckedAsTheirOwn() {
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/external-task/fetchAndLock",
        List.of(JobnetGroups.OPERATORS))).isFalse();
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall("/external-task/fetchAndLock", List.of()))
        .isFalse();
    assertThat(EngineRestAuthenticationFilter.isAgentsExternalTaskCall(null, AGENT)).isFalse();
  }
}
