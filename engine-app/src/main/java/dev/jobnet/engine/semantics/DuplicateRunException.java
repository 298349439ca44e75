package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.ProcessEngineException;

/** A start refused because a run of the same jobnet with the same business key is still running. */
public final class DuplicateRunException extends ProcessEngineException {

  private final String runningInstanceId;

  public DuplicateRunException(String jobnet, String businessKey, String runningInstanceId) {
    super("jobnet '" + jobnet + "' already has a running run with business key '" + businessKey
        + "' (process instance " + runningInstanceId + "); wait for it to end, stop it, or start with"
        + " another business key");
    this.runningInstanceId = runningInstanceId;
  }

  public String runningInstanceId() {
    return runningInstanceId;
  }
}
