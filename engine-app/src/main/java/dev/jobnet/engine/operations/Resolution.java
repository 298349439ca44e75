package dev.jobnet.engine.operations;

/** How an operator settles a STUCK job. */
public enum Resolution {
  /** The command did its work: the job is SUCCEEDED and the flow goes on. */
  SUCCEEDED(OperatorAction.MARK_SUCCEEDED),
  /** The command failed: the job is FAILED (no more retries) and what depends on it is SKIPPED. */
  FAILED(OperatorAction.MARK_FAILED),
  /** Run it again: the job goes back to its agents as the next attempt. */
  RETRY(OperatorAction.RETRY);

  private final OperatorAction action;

  Resolution(OperatorAction action) {
    this.action = action;
  }

  OperatorAction action() {
    return action;
  }
}
