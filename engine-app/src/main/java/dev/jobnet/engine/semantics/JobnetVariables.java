package dev.jobnet.engine.semantics;

/**
 * Names the jobnet semantics keep for themselves. The process variables they share with the worker
 * agent and the REST API are the contract module's, {@link dev.jobnet.protocol.ProcessVariables}.
 */
public final class JobnetVariables {

  /** The element id under which a root run's own state is kept in the state table. */
  public static final String PROCESS_ELEMENT = "_process";

  /**
   * A process variable of a run that reruns an ended run: the old run's process instance id. At its
   * start the run adopts the states carried over from the old run ({@link NodeStateTable#carry}).
   */
  public static final String RERUN_OF = "jobnetRerunOf";

  /**
   * The reason of a {@code WAITING} row carried into a rerun for a job that runs again: the attempts
   * its command had in the old run follow, so that the numbering goes on ("rerun after attempt 3").
   */
  public static final String RERUN_AFTER_ATTEMPT = "rerun after attempt ";

  /**
   * The reason of a {@code WAITING} row carried into a rerun for an expansion that runs again: the id
   * of the run it had started follows ("rerun of run 42"). The expansion's new run adopts the states
   * carried over from that run ({@link NodeStateTable#carry}) as it starts: what SUCCEEDED in it does
   * not run again.
   */
  public static final String RERUN_EXPANSION_OF = "rerun of run ";

  /** The process instance id under which states carried into a rerun wait for the new run to start. */
  public static String carriedFrom(String oldRunId) {
    return "rerun:" + oldRunId;
  }

  private JobnetVariables() {}
}
