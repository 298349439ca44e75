package dev.jobnet.agent.runtime;

import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineGateway.Delivery;
import dev.jobnet.agent.job.Outcome;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.RetryCount;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a finished job's outcome, kept in the journal until the engine has it: success as
 * {@code complete}; a failure with retries left as {@code handleFailure} with the backoff and the runs
 * left ({@link RetryCount}: never 0, which Camunda makes an incident); the last
 * failure, or one no retry can fix, as {@code complete} with {@code jobnetResult=FAILED} so the flow
 * moves on. A collision (optimistic locking) is sent again at once; an unreachable engine leaves the
 * record for the next delivery round.
 */
final class Reporter {

  static final int COLLISION_RETRIES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

  private final EngineGateway engine;
  private final Journal journal;

  Reporter(EngineGateway engine, Journal journal) {
    this.engine = engine;
    this.journal = journal;
  }

  /** True when the outcome reached the engine (or is no longer wanted); the record is then removed. */
  boolean deliver(JobRecord record) {
    if (record.phase() != JobPhase.FINISHED) {
      throw new IllegalArgumentException("job " + record.taskId() + " is " + record.phase() + ", not FINISHED");
    }
    for (int i = 0; i < COLLISION_RETRIES; i++) {
      Delivery d = send(record);
      if (d != Delivery.RETRY) {
        if (d == Delivery.NOT_WANTED) {
          LOG.info("job {} ({}) is no longer wanted by the engine; its outcome '{}' is dropped", record.taskId(),
              record.activityId(), describe(record));
        }
        journal.close(record.to(JobPhase.REPORTED));
        return true;
      }
      pause(20L * (i + 1));
    }
    return false;
  }

  private Delivery send(JobRecord r) {
    Outcome.Kind kind = Outcome.Kind.valueOf(r.outcome());
    if (kind == Outcome.Kind.SUCCEEDED) {
      return engine.complete(r.taskId(), Map.of());
    }
    if (kind == Outcome.Kind.RETRYABLE && r.retriesLeft() > 0) {
      // A failure report whose answer was lost may have arrived: sending it again would count it twice.
      Optional<Integer> now = engine.retriesOf(r.taskId());
      if (now == null) {
        return Delivery.NOT_WANTED;
      }
      if (RetryCount.failureReached(now.orElse(null), r.retriesLeft())) {
        LOG.info("job {}: the failure of attempt {} had reached the engine already", r.taskId(), r.attempt());
        return Delivery.ACCEPTED;
      }
      Duration wait = Duration.ofMillis(r.retryInMillis() == null ? 0 : r.retryInMillis());
      return engine.failure(r.taskId(), r.reason() + " (attempt " + r.attempt() + ")", r.details(),
          RetryCount.engineRetriesAfterFailure(r.retriesLeft()), wait);
    }
    if (kind == Outcome.Kind.STUCK) {
      return engine.failure(r.taskId(), r.reason(), r.details(), 0, Duration.ZERO);
    }
    Map<String, Object> local = new HashMap<>();
    local.put(ProcessVariables.RESULT, "FAILED");
    local.put(ProcessVariables.RESULT_REASON, kind == Outcome.Kind.RETRYABLE
        ? r.reason() + " (attempt " + r.attempt() + ", no retries left)" : r.reason());
    return engine.complete(r.taskId(), local);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(JobRecord r) {
    return r.reason() == null ? r.outcome() : r.outcome() + ": " + r.reason();
  }
}
