package dev.jobnet.engine.operations;

import dev.jobnet.engine.semantics.JobState;

/** How an operator settles a STUCK job. */
public enum Resolution {
  /** The command did its work: the job is SUCCEEDED and the flow goes on. */
  SUCCEEDED(OperatorAction.MARK_SUCCEEDED, JobState.SUCCEEDED),
  /** The command failed: the job is FAILED (no more retries) and what depends on it is SKIPPED. */
  FAILED(OperatorAction.MARK_FAILED, JobState.FAILED),
  /** Run it again: the job goes back to its agents as the next attempt. */
  RETRY(OperatorAction.RETRY, JobState.PENDING);

  private final OperatorAction action;
  private final JobState target;

  Resolution(OperatorAction action, JobState target) {
    this.action = action;
    this.target = target;
  }

  /** The state the STUCK job becomes. */
  JobState target() {
    return target;
  }

  OperatorAction action() {
    return action;
  }
}
