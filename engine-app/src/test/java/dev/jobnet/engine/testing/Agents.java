package dev.jobnet.engine.testing;

import dev.jobnet.protocol.Topics;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/** What a worker agent does to a run's jobs, through the engine's API, and waiting with a deadline. */
public final class Agents {

  /** The topic of jobs on the server {@code default}. */
  public static final String TOPIC = Topics.of("default");

  private Agents() {}

  /**
   * Fetches and locks job {@code activityId} of process instance {@code runId} as {@code worker},
   * waiting (at most 20 s) until it is fetchable; other tasks fetched on the way are given back.
   */
  public static LockedExternalTask fetch(ProcessEngine engine, String runId, String activityId, String worker) {
    String definition = engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(runId)
        .singleResult().getProcessDefinitionId();
    LockedExternalTask[] found = new LockedExternalTask[1];
    await("job " + activityId + " of run " + runId + " to become fetchable for " + worker, () -> {
      for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(50, worker).topic(TOPIC, 600_000)
          .processDefinitionId(definition).execute()) {
        if (found[0] == null && t.getActivityId().equals(activityId) && t.getProcessInstanceId().equals(runId)) {
          found[0] = t;
        } else {
          engine.getExternalTaskService().unlock(t.getId());
        }
      }
      return found[0] != null;
    }, () -> engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(runId).list().stream()
        .map(t -> t.getActivityId() + " locked by " + t.getWorkerId() + " until " + t.getLockExpirationTime()
            + ", retries " + t.getRetries())
        .toList().toString());
    return found[0];
  }

  /** Waits (at most 20 s) until the run has ended. */
  public static void awaitEnded(ProcessEngine engine, String runId) {
    await("run " + runId + " to end",
        () -> engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(runId).count() == 0,
        () -> "still running");
  }

  /** Polls {@code condition} until it holds, at most 20 s; then fails saying what was expected and seen. */
  public static void await(String what, BooleanSupplier condition, Supplier<String> seen) {
    await(what, Duration.ofSeconds(20), condition, seen);
  }

  public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> seen) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; saw: " + seen.get());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
