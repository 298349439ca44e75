package dev.jobnet.agent.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The agent's stop, as its loops see it: asked once, and ending their pauses at once. */
final class StopSignal {

  private final CountDownLatch requested = new CountDownLatch(1);

  void request() {
    requested.countDown();
  }

  boolean isRequested() {
    return requested.getCount() == 0;
  }

  /** Waits {@code d}, or less when the stop comes meanwhile. */
  void pause(Duration d) {
    try {
      requested.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
