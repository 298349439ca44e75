package dev.jobnet.engine.notify.impl;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's sender when a mail became due here (once its transaction committed), so that it
 * goes out at once instead of at the next poll.
 */
@Component
public class OutboxSignal {

  private boolean due;

  /** A mail is due. */
  public synchronized void mailDue() {
    due = true;
    notifyAll();
  }

  /** Waits until a mail is due or {@code timeout} passed; true if woken by a mail. */
  public synchronized boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!due) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    due = false;
    return true;
  }
}
