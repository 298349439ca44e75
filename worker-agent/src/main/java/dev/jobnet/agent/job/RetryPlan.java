package dev.jobnet.agent.job;

import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A job's retry policy as the converter wrote it ({@code jobnet.retries}, {@code jobnet.backoff},
 * {@code jobnet.backoffFactor}, {@code jobnet.maxBackoff}, {@code jobnet.jitter}), and what follows
 * a failed attempt: retry after a wait, or fail for good.
 */
public record RetryPlan(int retries, Duration backoff, double factor, Duration maxBackoff, double jitter) {

  public static final RetryPlan DEFAULT = new RetryPlan(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 0.2);

  /** The plan from a task's extension properties; missing or unreadable values take the defaults. */
  public static RetryPlan of(Map<String, String> properties) {
    return new RetryPlan(
        integer(properties.get("jobnet.retries"), DEFAULT.retries),
        duration(properties.get("jobnet.backoff"), DEFAULT.backoff),
        number(properties.get("jobnet.backoffFactor"), DEFAULT.factor),
        duration(properties.get("jobnet.maxBackoff"), DEFAULT.maxBackoff),
        number(properties.get("jobnet.jitter"), DEFAULT.jitter));
  }

  /**
   * Retries left before this attempt: the engine's count once a failure was reported, else (first
   * attempt, the engine says null) the policy's.
   */
  public int retriesLeft(Integer engineRetries) {
    return engineRetries == null ? retries : engineRetries;
  }

  /** 1 for the first run, 2 for the first retry, ... */
  public int attempt(Integer engineRetries) {
    return attempt(engineRetries, 0);
  }

  /**
   * The attempt, counting the {@code offset} runs an operator's RETRY added beyond the policy (the
   * engine's {@code jobnetAttemptOffset}).
   */
  public int attempt(Integer engineRetries, int offset) {
    // At least 1: an operator may give a job more retries than its policy has.
    return Math.max(1, retries - retriesLeft(engineRetries) + 1) + Math.max(0, offset);
  }

  /**
   * Retries left before attempt {@code attempt}: the engine's count, but never more than the policy
   * still has after the attempts made, so a run an operator added (RETRY) or gave back (a withdrawn
   * STUCK state) does not grant retries the policy does not have.
   */
  public int retriesLeft(Integer engineRetries, int attempt) {
    return Math.max(0, Math.min(retriesLeft(engineRetries), retries - attempt + 1));
  }

  /**
   * The wait before the next attempt after attempt {@code attempt} failed: {@code backoff *
   * factor^(attempt-1)}, at most {@code maxBackoff}, spread by {@code ± jitter} ({@code random}
   * gives values in [0, 1)).
   */
  public Duration waitAfter(int attempt, DoubleSupplier random) {
    double base = backoff.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
    base = Math.min(base, maxBackoff.toMillis());
    double spread = 1.0 + jitter * (2.0 * random.getAsDouble() - 1.0);
    return Duration.ofMillis(Math.max(0L, Math.round(base * spread)));
  }

  private static int integer(String s, int fallback) {
    try {
      return s == null ? fallback : Math.max(0, Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static double number(String s, double fallback) {
    try {
      return s == null ? fallback : Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Duration duration(String s, Duration fallback) {
    try {
      return s == null ? fallback : Duration.parse(s.trim());
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
