package dev.jobnet.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPlanTest {

  private final RetryPlan plan = RetryPlan.of(Map.of("jobnet.retries", "3", "jobnet.backoff", "PT2S",
      "jobnet.backoffFactor", "2.0", "jobnet.maxBackoff", "PT5S", "jobnet.jitter", "0.5"));

  @Test
  void theFirstAttemptHasAllRetriesLeftAndLaterOnesTheEnginesCount() {
    assertThat(plan.retriesLeft(null)).isEqualTo(3);
    assertThat(plan.attempt(null)).isEqualTo(1);
    assertThat(plan.attempt(3)).isEqualTo(1);
    assertThat(plan.attempt(2)).isEqualTo(2);
    assertThat(plan.attempt(0)).isEqualTo(4);
    assertThat(plan.attempt(7)).as("more retries than the policy (set by an operator)").isEqualTo(1);
  }

  @Test
  void waitsGrowByTheFactorUpToTheCap() {
    assertThat(plan.waitAfter(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(plan.waitAfter(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(plan.waitAfter(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.waitAfter(9, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterSpreadsEachWaitBothWays() {
    assertThat(plan.waitAfter(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(plan.waitAfter(1, () -> 0.999_999)).isBetween(Duration.ofMillis(2_999), Duration.ofSeconds(3));
  }

  @Test
  void missingOrBrokenPropertiesTakeTheDefaults() {
    assertThat(RetryPlan.of(Map.of("jobnet.retries", "many"))).isEqualTo(RetryPlan.DEFAULT);
    assertThat(RetryPlan.of(Map.of("jobnet.retries", "0")).retries()).isZero();
  }
}
