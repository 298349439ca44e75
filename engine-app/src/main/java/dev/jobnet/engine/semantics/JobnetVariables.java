package dev.jobnet.engine.semantics;

/**
 * Names of the process variables the jobnet semantics read and write; the contract with the worker
 * agent and the REST API.
 */
public final class JobnetVariables {

  /** Process variable of a root run: its outcome, a final {@link RunState}, set when the run ends. */
  public static final String OUTCOME = "jobnetOutcome";

  /** Local variable an agent sends with {@code complete}: SUCCEEDED (default), FAILED or STOPPED. */
  public static final String RESULT = "jobnetResult";
  /** Local variable an agent sends with a FAILED or STOPPED result: why, in an operator's words. */
  public static final String RESULT_REASON = "jobnetReason";

  /**
   * Runtime ids of the enclosing jobnets, root first, {@code ;}-separated, set on every jobnet scope
   * (process instance, nested jobnet, finally) and so visible to each job: through expansions
   * ({@code MM_FULL_ACTUAL_JOB_ANCESTOR_IDS}).
   */
  public static final String FULL_ANCESTOR_IDS = "jobnetFullAncestorIds";
  /** The same chain cut at the nearest expansion ({@code MM_ACTUAL_JOB_ANCESTOR_IDS}). */
  public static final String ANCESTOR_IDS = "jobnetAncestorIds";

  /**
   * Local variable on a job's execution, set when an operator's RETRY gives a job one more run than
   * its policy: the number of attempts added, so that the agent numbers the new run after the last one
   * ({@code JOBNET_ATTEMPT}) and the re-delivery guard tells it from the stuck attempt.
   */
  public static final String ATTEMPT_OFFSET = "jobnetAttemptOffset";

  /** Variables whose names start with this are the scheduler's own and never start parameters. */
  public static final String PREFIX = "jobnet";

  /** The element id under which a root run's own state is kept in the state table. */
  public static final String PROCESS_ELEMENT = "_process";

  private JobnetVariables() {}
}
