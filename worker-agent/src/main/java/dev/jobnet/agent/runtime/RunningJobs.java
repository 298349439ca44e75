package dev.jobnet.agent.runtime;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs this agent holds right now, each on a thread of its own, never more than its capacity:
 * a job takes a slot before its thread starts and gives it back when its runner returns.
 */
final class RunningJobs {

  private static final Logger LOG = LoggerFactory.getLogger(RunningJobs.class);

  private final Semaphore slots;
  private final ExecutorService threads;
  private final Set<JobRunner.Handle> running = ConcurrentHashMap.newKeySet();

  RunningJobs(int capacity) {
    this.slots = new Semaphore(capacity);
    this.threads = Executors.newFixedThreadPool(capacity + 1, r -> {
      Thread t = new Thread(r, "jobnet-job");
      t.setDaemon(true);
      return t;
    });
  }

  /** Waits until at least one slot is free; how many are free then. */
  int awaitFreeSlots() throws InterruptedException {
    slots.acquire();
    int free = 1 + slots.drainPermits();
    slots.release(free);
    return free;
  }

  /**
   * Runs {@code job} on a thread of its own once a slot is free; {@code taskId} (null when not yet
   * known) marks it as held here until {@code job} returns.
   */
  void start(String taskId, String what, Consumer<JobRunner.Handle> job) {
    slots.acquireUninterruptibly();
    JobRunner.Handle handle = new JobRunner.Handle();
    handle.taskId = taskId;
    running.add(handle);
    threads.submit(() -> {
      try {
        job.accept(handle);
      } catch (RuntimeException e) {
        LOG.error("{}: unexpected failure in the agent; it stays in the journal", what, e);
      } finally {
        running.remove(handle);
        slots.release();
      }
    });
  }

  /** Whether a job of this task runs here now. */
  boolean holds(String taskId) {
    for (JobRunner.Handle h : running) {
      if (taskId.equals(h.taskId)) {
        return true;
      }
    }
    return false;
  }

  /** The tasks of the jobs running here now. */
  Set<String> taskIds() {
    Set<String> ids = new HashSet<>();
    running.forEach(h -> {
      if (h.taskId != null) {
        ids.add(h.taskId);
      }
    });
    return ids;
  }

  int count() {
    return running.size();
  }

  /** Asks every running job to stop (agent shutdown). */
  void interruptAll() {
    running.forEach(JobRunner.Handle::interrupt);
  }

  /** Asks every running job to stop watching and leave its process running (agent restart with detach). */
  void detachAll() {
    running.forEach(JobRunner.Handle::detach);
  }

  /** No more jobs; waits up to {@code wait} for the running ones to return. */
  void shutdown(Duration wait) {
    threads.shutdown();
    try {
      threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
