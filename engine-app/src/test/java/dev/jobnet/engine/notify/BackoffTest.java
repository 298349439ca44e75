package dev.jobnet.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff.Exponential(Duration.ofSeconds(30), Duration.ofMinutes(5));

  @Test
  void theWaitDoublesAfterEachFailureUpToTheMaximum() {
    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(backoff.after(5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(5));
  }
}
