package dev.jobnet.converter.model;

import java.time.Duration;

/**
 * How often and how patiently a failed job is run again: {@code retries} runs after the first, the
 * n-th retry waiting {@code backoff * factor^(n-1)}, capped at {@code maxBackoff}, spread by
 * {@code jitter} (a fraction, 0.2 = plus or minus 20 %).
 */
public record RetryPolicy(int retries, Duration backoff, double factor, Duration maxBackoff, double jitter) {

  public static final int DEFAULT_RETRIES = 5;
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
  public static final double DEFAULT_FACTOR = 2.0;
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
  public static final double DEFAULT_JITTER = 0.2;
  public static final int MAX_RETRIES = 1000;

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(DEFAULT_RETRIES, DEFAULT_BACKOFF, DEFAULT_FACTOR, DEFAULT_MAX_BACKOFF, DEFAULT_JITTER);

  /** The wait before retry number {@code retry} (1 = first retry), without jitter. */
  public Duration backoffBefore(int retry) {
    double millis = backoff.toMillis() * Math.pow(factor, Math.max(0, retry - 1));
    return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
  }
}
