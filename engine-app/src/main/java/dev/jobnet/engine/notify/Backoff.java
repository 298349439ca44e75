package dev.jobnet.engine.notify;

import java.time.Duration;

/** How long to wait before sending a mail again after {@code failures} failed sends. */
public interface Backoff {

  Duration after(int failures);

  /** {@code initial}, doubled after each further failure, at most {@code max}. */
  record Exponential(Duration initial, Duration max) implements Backoff {

    @Override
    public Duration after(int failures) {
      Duration wait = initial;
      for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(max) > 0 ? max : wait;
    }
  }
}
