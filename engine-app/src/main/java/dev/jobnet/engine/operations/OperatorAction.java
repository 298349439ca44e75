package dev.jobnet.engine.operations;

/** What an operator did, as kept in {@code jobnet_operator_action}. */
public enum OperatorAction {
  STOP_RUN,
  STOP_JOB,
  STOP_JOBNET,
  MARK_SUCCEEDED,
  MARK_FAILED,
  RETRY,
  /** Held a job, jobnet or expansion that had not started (element), or a whole run (no element). */
  HOLD,
  /** Released a hold. */
  RELEASE,
  /** Skipped a job, jobnet or expansion that had not started. */
  SKIP,
  /** Reran an ended run from a job (element), or from its failed jobs (no element): a new run carries on. */
  RERUN
}
