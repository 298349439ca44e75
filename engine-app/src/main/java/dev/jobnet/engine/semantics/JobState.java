package dev.jobnet.engine.semantics;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a job (and, for the final states, of a jobnet), as operators see it. A closed set with
 * an explicit transition table; {@code jobnets.md} of the design is the contract.
 */
public enum JobState {
  /** The token has not reached the job yet. */
  WAITING,
  /** An external task exists; no agent has started it. */
  PENDING,
  /** An agent started the command and heartbeats. */
  RUNNING,
  /** The outcome is unknown (heartbeat lost, or a second start detected): a person or the agent decides. */
  STUCK,
  SUCCEEDED,
  FAILED,
  STOPPED,
  SKIPPED;

  private static final Map<JobState, Set<JobState>> ALLOWED = new EnumMap<>(JobState.class);

  static {
    ALLOWED.put(WAITING, EnumSet.of(PENDING, SKIPPED, STOPPED, SUCCEEDED, FAILED));
    ALLOWED.put(PENDING, EnumSet.of(RUNNING, STOPPED, FAILED, SUCCEEDED));
    ALLOWED.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, STOPPED, STUCK, PENDING));
    ALLOWED.put(STUCK, EnumSet.of(RUNNING, SUCCEEDED, FAILED, STOPPED, PENDING));
    ALLOWED.put(SUCCEEDED, EnumSet.noneOf(JobState.class));
    ALLOWED.put(FAILED, EnumSet.noneOf(JobState.class));
    ALLOWED.put(STOPPED, EnumSet.noneOf(JobState.class));
    ALLOWED.put(SKIPPED, EnumSet.noneOf(JobState.class));
  }

  public boolean canBecome(JobState next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean isFinal() {
    return ALLOWED.get(this).isEmpty();
  }

  /** A job downstream of one in this state is skipped. */
  public boolean skipsDownstream() {
    return this == FAILED || this == STOPPED || this == SKIPPED;
  }

  /** A jobnet with a direct child in this state ends FAILED. */
  public boolean failsJobnet() {
    return this == FAILED || this == STOPPED;
  }
}
