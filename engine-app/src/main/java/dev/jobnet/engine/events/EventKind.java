package dev.jobnet.engine.events;

/**
 * What an event of the event log tells ({@code docs/events.md}). The names are stable: operators
 * filter on them and programs store them.
 */
public enum EventKind {
  /** An agent placed the start marker of a job: it is about to run the command (details: agent, attempt). */
  JOB_STARTED,
  /** A job (or a nested jobnet, details.node) ended SUCCEEDED. */
  JOB_SUCCEEDED,
  /**
   * An attempt of a job failed (details: attempt, agent, final). {@code final} false: it is run
   * again (a {@link #JOB_RETRIED} follows); true: it has used up its retries and is FAILED. A nested
   * jobnet that ends FAILED is one too (details.node).
   */
  JOB_FAILED,
  /** A failed job will run again (details: nextAttempt, retriesLeft, retryAt). */
  JOB_RETRIED,
  /** A job or nested jobnet was SKIPPED: something leading to it did not succeed, or its jobnet was stopped. */
  JOB_SKIPPED,
  /** A job became STUCK (a {@code failedExternalTask} incident): its outcome is unknown (details: agent). */
  JOB_STUCK,
  /**
   * The watchdog's STUCK state of a job was withdrawn: its agent is back and still runs it, the job is
   * RUNNING again (actor: the agent; details: agent, attempt, externalTaskId).
   */
  JOB_STUCK_WITHDRAWN,
  /** An operator settled a STUCK job (actor: who; details: action). */
  JOB_RESOLVED,
  /**
   * An operator held a job, jobnet or expansion that had not started, or a whole run (no element): it
   * starts nothing new until released (actor: who; details: node, reason).
   */
  JOB_HELD,
  /** An operator released a hold; what waited at it starts (actor: who; details: node, reason). */
  JOB_RELEASED,
  /** A job or nested jobnet was STOPPED (actor: who, when a person did it). */
  JOB_STOPPED,
  /** A run of a root jobnet started (actor: who started it; an expanded jobnet's run: details.expanded). */
  JOBNET_STARTED,
  /** A run of a root jobnet ended (details: outcome SUCCEEDED, FAILED or STOPPED). */
  JOBNET_ENDED,
  /**
   * An operator reran a run, or marked one of its FAILED jobs SUCCEEDED. An ended run goes on as a new
   * run, and the event is recorded in both (details: newRunId in the old run, rerunOf in the new one);
   * a run that still runs goes on itself (details.inPlace). Actor: who; details: from, reason.
   */
  JOBNET_RERUN,
  /** An agent came online (actor: the agent). */
  AGENT_ONLINE,
  /** An agent went offline: no heartbeat for too long (actor: the agent). */
  AGENT_OFFLINE,
  /**
   * An agent is restarting and left its running jobs running: they stay its own until details.awayUntil
   * (actor: the agent; details: awayUntil, running).
   */
  AGENT_AWAY,
  /** A notification mail was handed to the mail server (details: mail, recipients). */
  MAIL_SENT,
  /** A notification mail could not be sent; it is tried again later unless details.gaveUp. */
  MAIL_FAILING,
  /**
   * An operator removed a finished run with its history (actor: who; details: runId, removedRuns,
   * jobnet, businessKey, outcome, reason). Recorded with no run ids, so that it outlives the run.
   */
  RUN_REMOVED,
  /**
   * The scheduler started a run of a jobnet for a tick of its schedule (details: jobnet, tick, late
   * for a tick missed while no engine ran, notes: a closed-day move, a merge, a daylight-saving gap).
   */
  SCHEDULED_RUN_STARTED,
  /**
   * A tick of a schedule was not run (details: jobnet, tick, state SKIPPED_MISSED: missed while no
   * engine ran, or SKIPPED_OVERLAP: the previous run still ran). Recorded with no run ids.
   */
  SCHEDULE_TICK_SKIPPED,
  /** A tick of a schedule waits for the previous run to end (overlap: queue; details: jobnet, tick). */
  SCHEDULE_TICK_QUEUED
}
