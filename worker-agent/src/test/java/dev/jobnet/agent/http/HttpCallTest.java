package dev.jobnet.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.job.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pieces of an http job's request and how its answer reads. */
class HttpCallTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void aUrlPieceKeepsWhatAUrlMayHoldAndEncodesTheRest() {
    assertThat(HttpCall.urlPiece("127.0.0.1:9090")).isEqualTo("127.0.0.1:9090");
    assertThat(HttpCall.urlPiece("a/b?c=d&e")).isEqualTo("a/b?c=d&e");
    assertThat(HttpCall.urlPiece("my video ü\"")).isEqualTo("my%20video%20%C3%BC%22");
  }

  @Test
  void retryAfterIsReadInSecondsOrAsADate() {
    assertThat(HttpCall.retryAfter(Optional.of("120"), CLOCK)).contains(Duration.ofSeconds(120));
    assertThat(HttpCall.retryAfter(Optional.of("Sun, 06 Dec 2026 10:01:30 GMT"), CLOCK))
        .contains(Duration.ofSeconds(90));
    assertThat(HttpCall.retryAfter(Optional.of("Sun, 06 Dec 2026 09:00:00 GMT"), CLOCK)).contains(Duration.ZERO);
    assertThat(HttpCall.retryAfter(Optional.of("soon"), CLOCK)).isEmpty();
    assertThat(HttpCall.retryAfter(Optional.empty(), CLOCK)).isEmpty();
  }

  @Test
  void eachStatusReadsAsTheRulesSay() {
    assertThat(kind(200)).isEqualTo(Outcome.Kind.SUCCEEDED);
    assertThat(kind(204)).isEqualTo(Outcome.Kind.SUCCEEDED);
    assertThat(kind(408)).isEqualTo(Outcome.Kind.RETRYABLE);
    assertThat(kind(429)).isEqualTo(Outcome.Kind.RETRYABLE);
    assertThat(kind(500)).isEqualTo(Outcome.Kind.RETRYABLE);
    assertThat(kind(503)).isEqualTo(Outcome.Kind.RETRYABLE);
    assertThat(kind(301)).isEqualTo(Outcome.Kind.FINAL);
    assertThat(kind(400)).isEqualTo(Outcome.Kind.FINAL);
    assertThat(kind(404)).isEqualTo(Outcome.Kind.FINAL);
    assertThat(HttpCall.outcome("POST x", new HttpCall.Answer(null, "", Optional.empty(), "cannot connect")).kind())
        .isEqualTo(Outcome.Kind.RETRYABLE);
    assertThat(HttpCall.outcome("POST x", new HttpCall.Answer(null, "", Optional.empty(), HttpCall.NO_ANSWER_IN_TIME))
        .kind()).as("the client's own timeout is the job's").isEqualTo(Outcome.Kind.FINAL);
  }

  private static Outcome.Kind kind(int status) {
    return HttpCall.outcome("POST x", new HttpCall.Answer(status, "", Optional.empty(), null)).kind();
  }
}
