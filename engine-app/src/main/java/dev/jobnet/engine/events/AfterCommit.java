package dev.jobnet.engine.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * For an {@link EventSubscriber} whose work must only follow an event that happened (a metric, a log
 * line): runs it once the event's transaction committed, at once when there is none, never when it
 * rolls back. Work that fails is logged, never thrown: what the event tells of has happened, and its
 * caller must not hear otherwise.
 */
public final class AfterCommit {

  private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);

  private AfterCommit() {}

  /** Runs {@code work} after the current transaction commits; {@code what} names it in a warning. */
  public static void run(String what, Runnable work) {
    Runnable safe = () -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        LOG.warn("could not {} after an event", what, e);
      }
    };
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      safe.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        safe.run();
      }
    });
  }
}
