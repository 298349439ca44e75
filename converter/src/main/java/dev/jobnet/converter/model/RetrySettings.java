package dev.jobnet.converter.model;

import dev.jobnet.protocol.RetryPolicy;
import java.time.Duration;

/**
 * A retry policy as written at one level: each field {@code null} when not written there, so it is
 * inherited field by field ({@code retry: 0} on a job keeps the backoff of its jobnet or defaults).
 * Resolved, it is the {@link RetryPolicy} of the contract the converter writes into the BPMN.
 */
public record RetrySettings(Integer retries, Duration backoff, Double factor, Duration maxBackoff, Double jitter) {

  /** The most retries a policy may have. */
  public static final int MAX_RETRIES = 1000;
  /** What a backoff factor may be, completing "'factor' must be ". */
  public static final String FACTOR_RULE = "a number from 1 (constant backoff) to 100";
  /** What a jitter may be, completing "'jitter' must be ". */
  public static final String JITTER_RULE = "a fraction from 0 to 1 (0.2 spreads each wait by plus or minus 20 %)";

  /** Whether {@code factor} is a backoff factor ({@link #FACTOR_RULE}). */
  public static boolean isFactor(double factor) {
    return factor >= 1.0 && factor <= 100.0;
  }

  /** Whether {@code jitter} is a jitter ({@link #JITTER_RULE}). */
  public static boolean isJitter(double jitter) {
    return jitter >= 0.0 && jitter <= 1.0;
  }

  public static final RetrySettings NONE = new RetrySettings(null, null, null, null, null);
  /** The built-in policy ({@link RetryPolicy#DEFAULT}), under everything written. */
  public static final RetrySettings BUILT_IN = new RetrySettings(RetryPolicy.DEFAULT.retries(),
      RetryPolicy.DEFAULT.backoff(), RetryPolicy.DEFAULT.factor(), RetryPolicy.DEFAULT.maxBackoff(),
      RetryPolicy.DEFAULT.jitter());

  public static RetrySettings retries(int retries) {
    return new RetrySettings(retries, null, null, null, null);
  }

  /** These settings, with every unwritten field taken from {@code outer}. */
  public RetrySettings inheritFrom(RetrySettings outer) {
    if (outer == null) {
      return this;
    }
    return new RetrySettings(
        retries != null ? retries : outer.retries,
        backoff != null ? backoff : outer.backoff,
        factor != null ? factor : outer.factor,
        maxBackoff != null ? maxBackoff : outer.maxBackoff,
        jitter != null ? jitter : outer.jitter);
  }

  /** The policy a job runs with: unwritten fields from the built-ins; the cap never below the first wait. */
  public RetryPolicy resolve() {
    RetrySettings r = inheritFrom(BUILT_IN);
    Duration cap = r.maxBackoff.compareTo(r.backoff) < 0 ? r.backoff : r.maxBackoff;
    return new RetryPolicy(r.retries, r.backoff, r.factor, cap, r.jitter);
  }
}
