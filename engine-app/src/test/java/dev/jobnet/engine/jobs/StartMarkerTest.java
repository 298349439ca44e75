package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.jobs.StartMarker.SecondStart;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON of protocol 2's variable {@code jobnetStartMarker}, read once more by the upgrade (V11). */
class StartMarkerTest {

  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

  @Test
  void aMarkerIsAgentAttemptAndTime() {
    // given: what protocol 2 wrote
    String json = "{\"agent\":\"agent-1\",\"attempt\":2,\"startedAt\":\"2026-01-02T03:04:05.678Z\"}";
    // then
    assertThat(StartMarker.parse(json)).contains(StartMarker.of("agent-1", 2, T));
  }

  @Test
  void theSecondStartTheGuardStoppedIsKept() {
    // given
    String json = "{\"agent\":\"agent-1\",\"attempt\":1,\"startedAt\":\"2026-01-02T03:04:05.678Z\","
        + "\"secondStart\":{\"agent\":\"agent-2\",\"attempt\":1,\"at\":\"2026-01-02T03:04:05.678Z\",\"retries\":null}}";
    // when
    StartMarker read = StartMarker.parse(json).orElseThrow();
    // then
    assertThat(read).isEqualTo(StartMarker.of("agent-1", 1, T).withSecondStart(new SecondStart("agent-2", 1, T, null)));
    assertThat(StartMarker.parse(json.replace("\"retries\":null", "\"retries\":4")).orElseThrow().secondStart()
        .retries()).isEqualTo(4);
  }

  @Test
  void noVariableIsNoMarker() {
    assertThat(StartMarker.parse(null)).isEmpty();
  }

  @Test
  void somethingElseInTheVariableIsAnError() {
    assertThatThrownBy(() -> StartMarker.parse("{\"agent\":\"x\"}")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("attempt");
  }
}
