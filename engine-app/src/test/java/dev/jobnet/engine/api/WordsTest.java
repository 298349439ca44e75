package dev.jobnet.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void durationsReadAsPeopleSayThem() {
    assertThat(Words.duration(Duration.ofMinutes(1))).isEqualTo("1 minute");
    assertThat(Words.duration(Duration.ofSeconds(90))).isEqualTo("1 minute 30 seconds");
    assertThat(Words.duration(Duration.ofHours(2).plusMinutes(5))).isEqualTo("2 hours 5 minutes");
    assertThat(Words.duration(Duration.ofDays(3))).isEqualTo("3 days");
    assertThat(Words.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Words.duration(Duration.ZERO)).isEqualTo("0 seconds");
  }
}
