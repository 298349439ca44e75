package dev.jobnet.agent.journal;

/**
 * One job on this agent, as written to its journal file. Times are epoch milliseconds.
 *
 * @param retriesLeft the retries left if this attempt fails ({@code RetryCount.retriesAfter}): 0 makes a
 *     failure final
 * @param pid the group leader of the started command (= its process group), once started
 * @param processStart when that process started, to tell it from a recycled pid
 * @param bootId the host's boot id when the process started: another one means the host restarted
 * @param outcome SUCCEEDED, RETRYABLE or FINAL once finished
 * @param details the end of the output, for the engine's error details
 * @param retryInMillis the wait before the next attempt, for a RETRYABLE outcome
 * @param timeoutMillis the job's time limit, or null
 * @param rootRunId the top-level run the job is in (null in journals of earlier agents)
 * @param jobPath the job's path in its jobnet ({@code jobnet.path}: {@code /load}, {@code /daily/load};
 *     null in journals of earlier agents)
 */
public record JobRecord(
    String taskId,
    String topic,
    String activityId,
    String processInstanceId,
    String command,
    int attempt,
    int retriesLeft,
    long claimedAt,
    Long pid,
    Long processStart,
    String bootId,
    JobPhase phase,
    String outcome,
    Integer exitStatus,
    String reason,
    String details,
    Long retryInMillis,
    Long timeoutMillis,
    String rootRunId,
    String jobPath) {

  /** A job whose root run and path are not known (journals of earlier agents). */
  public JobRecord(String taskId, String topic, String activityId, String processInstanceId, String command,
      int attempt, int retriesLeft, long claimedAt, Long pid, Long processStart, String bootId, JobPhase phase,
      String outcome, Integer exitStatus, String reason, String details, Long retryInMillis, Long timeoutMillis) {
    this(taskId, topic, activityId, processInstanceId, command, attempt, retriesLeft, claimedAt, pid, processStart,
        bootId, phase, outcome, exitStatus, reason, details, retryInMillis, timeoutMillis, null, null);
  }

  public JobRecord to(JobPhase next) {
    if (!phase.canBecome(next)) {
      throw new IllegalStateException("job " + taskId + " cannot go from " + phase + " to " + next);
    }
    return new JobRecord(taskId, topic, activityId, processInstanceId, command, attempt, retriesLeft, claimedAt,
        pid, processStart, bootId, next, outcome, exitStatus, reason, details, retryInMillis, timeoutMillis,
        rootRunId, jobPath);
  }

  /** About to start the process on this host (boot id recorded). */
  public JobRecord launching(String bootId) {
    JobRecord r = to(JobPhase.LAUNCHING);
    return new JobRecord(taskId, topic, activityId, processInstanceId, command, attempt, retriesLeft, claimedAt,
        pid, processStart, bootId, r.phase, outcome, exitStatus, reason, details, retryInMillis, timeoutMillis,
        rootRunId, jobPath);
  }

  public JobRecord started(long pid, long processStart, String bootId) {
    JobRecord r = to(JobPhase.STARTED);
    return new JobRecord(taskId, topic, activityId, processInstanceId, command, attempt, retriesLeft, claimedAt,
        pid, processStart, bootId, r.phase, outcome, exitStatus, reason, details, retryInMillis, timeoutMillis,
        rootRunId, jobPath);
  }

  public JobRecord finished(String outcome, Integer exitStatus, String reason, String details, Long retryInMillis) {
    JobRecord r = to(JobPhase.FINISHED);
    return new JobRecord(taskId, topic, activityId, processInstanceId, command, attempt, retriesLeft, claimedAt,
        pid, processStart, bootId, r.phase, outcome, exitStatus, reason, details, retryInMillis, timeoutMillis,
        rootRunId, jobPath);
  }
}
