package dev.jobnet.engine.notify;

import dev.jobnet.protocol.RetryPolicy;
import java.time.Duration;

/** How long to wait before sending a mail again after {@code failures} failed sends. */
public interface Backoff {

  Duration after(int failures);

  /**
   * {@code initial}, doubled after each further failure, at most {@code max}: the jobs' backoff
   * ({@link RetryPolicy#waitAfter(int)}) without jitter.
   */
  record Exponential(Duration initial, Duration max) implements Backoff {

    @Override
    public Duration after(int failures) {
      return new RetryPolicy(0, initial, 2.0, max, 0.0).waitAfter(failures);
    }
  }
}
