package dev.jobnet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy plan = RetryPolicy.of(Map.of("jobnet.retries", "3", "jobnet.backoff", "PT2S",
      "jobnet.backoffFactor", "2.0", "jobnet.maxBackoff", "PT5S", "jobnet.jitter", "0.5"));

  @Test
  void theFirstAttemptIsOneAndEachReportedFailureCountsOneMore() {
    assertThat(plan.attempt(null, 0)).isEqualTo(1);
    assertThat(plan.attempt(4, 0)).as("P + 1 runs left: the first").isEqualTo(1);
    assertThat(plan.attempt(3, 0)).isEqualTo(2);
    assertThat(plan.attempt(1, 0)).as("one run left: the last").isEqualTo(4);
    assertThat(plan.attempt(9, 0)).as("more runs than the policy (set by an operator)").isEqualTo(1);
  }

  @Test
  void waitsGrowByTheFactorUpToTheCap() {
    assertThat(plan.waitAfter(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(plan.waitAfter(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(plan.waitAfter(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.waitAfter(9, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theWaitWithoutItsSpreadIsTheMiddleOfTheJitter() {
    assertThat(plan.waitAfter(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(plan.waitAfter(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(plan.waitAfter(3)).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.waitAfter(0)).as("before any failure: the first wait").isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void jitterSpreadsEachWaitBothWays() {
    assertThat(plan.waitAfter(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(plan.waitAfter(1, () -> 0.999_999)).isBetween(Duration.ofMillis(2_999), Duration.ofSeconds(3));
  }

  @Test
  void withoutJitterTheWaitIsExactWhateverTheRandomSays() {
    RetryPolicy exact = new RetryPolicy(3, Duration.ofSeconds(10), 3.0, Duration.ofMinutes(10), 0.0);
    assertThat(exact.waitAfter(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(exact.waitAfter(2, () -> 0.7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(exact.waitAfter(3, () -> 0.999)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aSeededRandomGivesTheSameWaitsEveryTimeEachWithinTheJitter() {
    // given: two generators with the same seed
    RandomGenerator first = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
    RandomGenerator second = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
    for (int attempt = 1; attempt <= 10; attempt++) {
      // when
      Duration wait = plan.waitAfter(attempt, first::nextDouble);
      // then
      assertThat(plan.waitAfter(attempt, second::nextDouble)).isEqualTo(wait);
      long base = Math.min(2_000L << (attempt - 1), 5_000L);
      assertThat(wait.toMillis()).as("attempt %d", attempt).isBetween(base / 2, base * 3 / 2);
    }
  }

  @Test
  void aJitterOfMoreThanTheWholeWaitNeverGivesANegativeWait() {
    RetryPolicy wild = new RetryPolicy(3, Duration.ofSeconds(10), 1.0, Duration.ofMinutes(10), 1.5);
    assertThat(wild.waitAfter(1, () -> 0.0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aFactorBelowOneShrinksTheWaitsAndTheCapStillHolds() {
    RetryPolicy shrinking = new RetryPolicy(3, Duration.ofSeconds(8), 0.5, Duration.ofSeconds(5), 0.0);
    assertThat(shrinking.waitAfter(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(shrinking.waitAfter(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(shrinking.waitAfter(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void missingOrBrokenPropertiesTakeTheDefaults() {
    assertThat(RetryPolicy.of(Map.of("jobnet.retries", "many"))).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(RetryPolicy.of(Map.of("jobnet.retries", "0")).retries()).isZero();
  }
}
