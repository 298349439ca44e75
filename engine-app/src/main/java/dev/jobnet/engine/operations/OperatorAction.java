package dev.jobnet.engine.operations;

/** What an operator did, as kept in {@code jobnet_operator_action}. */
public enum OperatorAction {
  STOP_RUN,
  STOP_JOB,
  STOP_JOBNET,
  MARK_SUCCEEDED,
  MARK_FAILED,
  RETRY
}
