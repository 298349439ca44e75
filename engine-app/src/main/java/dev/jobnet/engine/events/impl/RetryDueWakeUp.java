package dev.jobnet.engine.events.impl;

import dev.jobnet.engine.cluster.ClusterSignal;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;

/**
 * Wakes the agents' waiting long polls when a failed job's backoff is over. Camunda wakes a waiting
 * {@code fetchAndLock} at once only when a task is created or unlocked in this JVM; a task whose
 * retry wait ends is neither, so without this the next attempt waited for the long poll to time out
 * (20 s by default) whatever the backoff said: a job with a 1 s backoff ran its retries 20 s apart.
 * Scheduled once the failure's transaction has committed, at the task's lock expiration (when
 * Camunda lets it be fetched again). This node's long polls, and through the {@link ClusterSignal}
 * those of the other nodes of a cluster.
 */
final class RetryDueWakeUp {

  /** A little after the lock expires, so that the engine sees the task as free when it looks. */
  static final long MARGIN_MILLIS = 25;

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jobnet-retry-due");
    t.setDaemon(true);
    return t;
  });

  private final ClusterSignal cluster;

  RetryDueWakeUp(ClusterSignal cluster) {
    this.cluster = cluster;
  }

  /** Wakes the waiting long polls at {@code due} (at once when it has passed). */
  void at(Date due) {
    long delay = due == null ? 0 : Math.max(0, due.getTime() - System.currentTimeMillis());
    TIMER.schedule(() -> {
      ProcessEngineImpl.EXT_TASK_CONDITIONS.signalAll();
      cluster.jobsAvailable();
    }, delay + MARGIN_MILLIS, TimeUnit.MILLISECONDS);
  }
}
