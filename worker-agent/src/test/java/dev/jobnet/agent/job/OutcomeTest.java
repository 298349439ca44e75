package dev.jobnet.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeTest {

  @Test
  void zeroSucceedsOtherStatusesAreRetryable() {
    assertThat(Outcome.ofExitStatus(0).kind()).isEqualTo(Outcome.Kind.SUCCEEDED);
    assertThat(Outcome.ofExitStatus(3)).isEqualTo(new Outcome(Outcome.Kind.RETRYABLE, 3, "exit status 3"));
  }

  @Test
  void deathBySignalSaysWhichSignal() {
    assertThat(Outcome.ofExitStatus(137).reason()).isEqualTo("killed by signal 9 (SIGKILL)");
    assertThat(Outcome.ofExitStatus(143).reason()).isEqualTo("killed by signal 15 (SIGTERM)");
    assertThat(Outcome.ofExitStatus(137).kind()).isEqualTo(Outcome.Kind.RETRYABLE);
  }

  @Test
  void timeoutsAndCommandsThatCannotRunAreFinal() {
    assertThat(Outcome.timedOut("2h").kind()).isEqualTo(Outcome.Kind.FINAL);
    assertThat(Outcome.cannotRun("command not found: /x").reason()).startsWith("command not found: /x");
  }
}
