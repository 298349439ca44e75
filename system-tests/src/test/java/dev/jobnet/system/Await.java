package dev.jobnet.system;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a condition with a deadline and says what was expected and what was last seen. */
final class Await {

  private Await() {}

  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        Optional<T> v = condition.get();
        if (v.isPresent()) {
          return v.get();
        }
        last = null;
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what
        + (last == null ? "" : "; last error: " + last), last);
  }

  static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }
}
