package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.jobs.StartMarker.SecondStart;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON of the variable {@code jobnetStartMarker}. */
class StartMarkerTest {

  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

  @Test
  void aMarkerIsAgentAttemptAndTime() {
    // when
    String json = StartMarker.of("agent-1", 2, T).toJson();
    // then
    assertThat(json).isEqualTo("{\"agent\":\"agent-1\",\"attempt\":2,\"startedAt\":\"2026-01-02T03:04:05.678Z\"}");
    assertThat(StartMarker.parse(json)).contains(StartMarker.of("agent-1", 2, T));
  }

  @Test
  void theSecondStartTheGuardStoppedIsKept() {
    // given
    StartMarker marker = StartMarker.of("agent-1", 1, T).withSecondStart(new SecondStart("agent-2", 1, T, null));
    // when
    StartMarker read = StartMarker.parse(marker.toJson()).orElseThrow();
    // then
    assertThat(read).isEqualTo(marker);
    assertThat(StartMarker.parse(StartMarker.of("a", 1, T).withSecondStart(new SecondStart("b", 3, T, 4)).toJson())
        .orElseThrow().secondStart().retries()).isEqualTo(4);
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
