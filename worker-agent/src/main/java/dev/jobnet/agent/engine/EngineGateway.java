package dev.jobnet.agent.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the agent asks of the engine, over its REST API only. Calls that cannot reach the engine
 * throw {@link EngineUnavailableException}: the caller keeps what it has and tries again later.
 */
public interface EngineGateway {

  /** Fails with a clear message when the engine cannot be reached or refuses the agent's credentials. */
  void checkAccess();

  /** Fetches and locks at most {@code maxTasks} jobs of the topics, waiting up to {@code longPoll}. */
  List<FetchedTask> fetch(int maxTasks, List<String> topics, Duration lock, Duration longPoll);

  /**
   * Ends fetching, for a stopping agent: a fetch that waits for jobs returns at once with none, later
   * fetches return none, and jobs the engine still hands to an ended fetch are given back at once.
   */
  void stopFetching();

  /** Writes the start marker before the command starts. */
  MarkerResult placeStartMarker(String taskId, int attempt);

  /**
   * The callback URL of this attempt of an http job with {@code callback: true}: the same for the same
   * attempt, asked again. Empty when the job is gone or not this worker's.
   */
  Optional<String> registerCallback(String taskId, int attempt);

  /**
   * Hands an http job whose backend accepted the request over to the engine, which waits for the
   * backend's callback (or its timeout); the state the engine answers ({@code WAITING}, or the job's
   * state when the callback came first), empty when the job is gone or not this worker's.
   */
  Optional<String> awaitCallback(String taskId, int attempt);

  /** Removes this agent's marker of a job it never started. */
  void releaseStartMarker(String taskId, int attempt);

  void unlock(String taskId);

  /**
   * Gives back a fetched job that was never started: its start marker, if the fetch wrote one, is
   * released (which also unlocks it while this agent holds it), then the job is unlocked, as the
   * delivery round gives back a journaled one.
   */
  default void giveBack(FetchedTask task) {
    if (task.markedAttempt().isPresent()) {
      releaseStartMarker(task.id(), task.markedAttempt().get());
    }
    unlock(task.id());
  }

  /**
   * Ships bytes of a job's stdout or stderr from {@code offset}; where the next piece starts: the
   * number of bytes the engine has of that stream (after a gap or a repeat, where to go on), or, when
   * {@code streamLength} (the stream's final length, once the command ended; else null) lets it skip
   * bytes it would not keep, the start of what it still wants. -1 when the job is gone.
   */
  long shipOutput(String taskId, int attempt, String stream, long offset, byte[] bytes, Long streamLength);

  /** Extends the lock: the heartbeat. */
  LockState extendLock(String taskId, Duration lock);

  /** Reports success, or a final result in {@code localVariables} ({@code jobnetResult}). */
  Delivery complete(String taskId, Map<String, Object> localVariables);

  /**
   * The retries the engine counts for a job now (empty when it has none set yet), or {@code null}
   * when the job is gone; lets a failure report that may have arrived already not be counted twice.
   */
  java.util.Optional<Integer> retriesOf(String taskId);

  /** Reports a failed attempt: {@code retries} left after it, the next attempt after {@code retryIn}. */
  Delivery failure(String taskId, String message, String details, int retries, Duration retryIn);

  /**
   * Reports the agent to the engine's registry (the engine's watchdog judges agents by these
   * reports); the jobs whose STUCK state the engine withdrew because the agent still runs them.
   */
  List<String> report(AgentStatus status);

  /** Tells the registry that the agent stopped on purpose: OFFLINE at once, not after the offline timeout. */
  void stopped();

  /**
   * Tells the registry that the agent restarts and leaves its running jobs running: it counts as heard
   * from until the time answered (at most {@code backWithin}, as the engine allows), so its jobs are not
   * made STUCK meanwhile.
   */
  java.time.Instant away(Duration backWithin);

  /** What the engine said to the start marker. */
  enum MarkerResult { PLACED, NOT_YOURS, ALREADY_STARTED, GONE }

  /** What the engine said to a heartbeat. */
  enum LockState {
    /** Still ours. */
    HELD,
    /** Our lock expired but nobody took the job: keep running, report later. */
    EXPIRED,
    /** Deleted (stopped, resolved) or locked by another worker: stop the process, report nothing. */
    LOST
  }

  /** What became of a report. */
  enum Delivery {
    ACCEPTED,
    /** The job is gone or no longer ours: nothing more to report. */
    NOT_WANTED,
    /** A concurrent change collided (optimistic locking): send it again. */
    RETRY
  }
}
