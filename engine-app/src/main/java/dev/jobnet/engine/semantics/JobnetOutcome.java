package dev.jobnet.engine.semantics;

/** How a root jobnet run ended: the process variable {@code jobnetOutcome}. */
public enum JobnetOutcome {
  SUCCEEDED,
  FAILED,
  STOPPED;

  public JobState asState() {
    return JobState.valueOf(name());
  }
}
