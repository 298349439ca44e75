package dev.jobnet.engine.semantics;

/**
 * Names the jobnet semantics keep for themselves. The process variables they share with the worker
 * agent and the REST API are the contract module's, {@link dev.jobnet.protocol.ProcessVariables}.
 */
public final class JobnetVariables {

  /** The element id under which a root run's own state is kept in the state table. */
  public static final String PROCESS_ELEMENT = "_process";

  private JobnetVariables() {}
}
