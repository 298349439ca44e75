package dev.jobnet.agent.journal;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a job stands on this agent, as the journal records it before each step, so that a restarted
 * agent knows what happened: a job is never started twice, and no outcome is lost.
 */
public enum JobPhase {
  /** Fetched and journaled; the start marker may or may not be on the task yet; no process. */
  CLAIMED,
  /**
   * The start marker is on the task and the process is being started: a restarted agent looks for it
   * (the pid its wrapper wrote, its exit status) before deciding whether it ever ran.
   */
  LAUNCHING,
  /** The start marker is on the task and the process was started (pid recorded). */
  STARTED,
  /** The process ended (or could not start); the outcome is recorded, not yet delivered. */
  FINISHED,
  /** The outcome reached the engine. */
  REPORTED,
  /** Never started (marker not written); the task was given back. */
  RELEASED,
  /** The engine no longer wants it (stopped, resolved, taken over): process killed, nothing to report. */
  ABANDONED,
  /**
   * An http job whose backend accepted the request and reports the result later: the engine waits for
   * the backend's callback from now on.
   */
  HANDED_OVER;

  private static final Map<JobPhase, Set<JobPhase>> ALLOWED = new EnumMap<>(JobPhase.class);

  static {
    ALLOWED.put(CLAIMED, EnumSet.of(LAUNCHING, STARTED, FINISHED, RELEASED, ABANDONED, HANDED_OVER));
    ALLOWED.put(LAUNCHING, EnumSet.of(STARTED, FINISHED, RELEASED, ABANDONED));
    ALLOWED.put(STARTED, EnumSet.of(FINISHED, ABANDONED));
    ALLOWED.put(FINISHED, EnumSet.of(REPORTED, ABANDONED));
    ALLOWED.put(REPORTED, EnumSet.noneOf(JobPhase.class));
    ALLOWED.put(RELEASED, EnumSet.noneOf(JobPhase.class));
    ALLOWED.put(ABANDONED, EnumSet.noneOf(JobPhase.class));
    ALLOWED.put(HANDED_OVER, EnumSet.noneOf(JobPhase.class));
  }

  public boolean canBecome(JobPhase next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean isDone() {
    return ALLOWED.get(this).isEmpty();
  }
}
