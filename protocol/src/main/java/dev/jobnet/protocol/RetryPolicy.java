package dev.jobnet.protocol;

import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A job's retry policy as the converter writes it on the job's BPMN element ({@link BpmnProperties#RETRIES},
 * {@link BpmnProperties#BACKOFF}, {@link BpmnProperties#BACKOFF_FACTOR}, {@link BpmnProperties#MAX_BACKOFF},
 * {@link BpmnProperties#JITTER}), and what follows a failed attempt: retry after a wait, or fail for good.
 * The count of attempts is {@link RetryCount}'s.
 */
public record RetryPolicy(int retries, Duration backoff, double factor, Duration maxBackoff, double jitter) {

  /** The built-in policy: 5 retries, waits of 10 s doubling up to 10 min, spread by ± 20 %. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 0.2);

  /** The policy from a task's extension properties; missing or unreadable values take the defaults. */
  public static RetryPolicy of(Map<String, String> properties) {
    return new RetryPolicy(
        integer(properties.get(BpmnProperties.RETRIES), DEFAULT.retries),
        duration(properties.get(BpmnProperties.BACKOFF), DEFAULT.backoff),
        number(properties.get(BpmnProperties.BACKOFF_FACTOR), DEFAULT.factor),
        duration(properties.get(BpmnProperties.MAX_BACKOFF), DEFAULT.maxBackoff),
        number(properties.get(BpmnProperties.JITTER), DEFAULT.jitter));
  }

  /** The attempt an agent fetching the task runs ({@link RetryCount#attempt}). */
  public int attempt(Integer engineRetries, int offset) {
    return RetryCount.attempt(retries, engineRetries, offset);
  }

  /** The retries left once {@code attempt} has failed ({@link RetryCount#retriesAfter}). */
  public int retriesAfter(Integer engineRetries, int attempt) {
    return RetryCount.retriesAfter(retries, engineRetries, attempt);
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

  /**
   * The wait after attempt {@code attempt} failed, without its spread: {@code backoff *
   * factor^(attempt-1)}, at most {@code maxBackoff}.
   */
  public Duration waitAfter(int attempt) {
    return waitAfter(attempt, () -> 0.5);
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
