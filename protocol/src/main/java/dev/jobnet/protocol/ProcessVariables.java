package dev.jobnet.protocol;

/**
 * The names of the process variables the engine app's jobnet semantics, the agents and the REST API
 * share ({@code docs/semantics.md}, {@code docs/agent-protocol.md}). All start with {@link #PREFIX}.
 */
public final class ProcessVariables {

  /** Variables whose names start with this are the scheduler's own and never start parameters. */
  public static final String PREFIX = "jobnet";

  /** Process variable of a root run: its outcome (SUCCEEDED, FAILED or STOPPED), set when the run ends. */
  public static final String OUTCOME = PREFIX + "Outcome";

  /** Local variable an agent sends with {@code complete}: SUCCEEDED (default), FAILED or STOPPED. */
  public static final String RESULT = PREFIX + "Result";
  /** Local variable an agent sends with a FAILED or STOPPED result: why, in an operator's words. */
  public static final String RESULT_REASON = PREFIX + "Reason";

  /**
   * Runtime ids of the enclosing jobnets, root first, joined by {@link #ID_SEPARATOR}, set on every
   * jobnet scope (nested jobnet, finally, expanded process instance) and so visible to each job: through
   * expansions ({@code MM_FULL_ACTUAL_JOB_ANCESTOR_IDS}). Absent on a root run that is no expansion:
   * there it is the process instance id (as is {@link #ANCESTOR_IDS}).
   */
  public static final String FULL_ANCESTOR_IDS = PREFIX + "FullAncestorIds";
  /** The same chain cut at the nearest expansion ({@code MM_ACTUAL_JOB_ANCESTOR_IDS}). */
  public static final String ANCESTOR_IDS = PREFIX + "AncestorIds";
  /** Joins the ids of {@link #ANCESTOR_IDS} and {@link #FULL_ANCESTOR_IDS}. */
  public static final String ID_SEPARATOR = ";";

  /**
   * Local variable on a job's execution, set when an operator's RETRY gives a job one more run than
   * its policy: the number of attempts added ({@code O} of {@link RetryCount}), so that the agent
   * numbers the new run after the last one ({@code JOBNET_ATTEMPT}) and the re-delivery guard tells it
   * from the stuck attempt.
   */
  public static final String ATTEMPT_OFFSET = PREFIX + "AttemptOffset";

  /**
   * Variable the engine app adds to a job in a fetch's answer (never stored): the attempt whose start
   * marker the fetch itself wrote for the fetching worker ({@link FetchHeaders}). An agent that sees
   * it for the attempt it is about to run starts the command without a start marker request.
   */
  public static final String START_MARKED = PREFIX + "StartMarked";

  /**
   * A run the scheduler of schedules started carries its tick in this variable, with the offset of its
   * schedule's zone ({@code 2026-12-29T02:00:00+09:00}); nobody started such a run.
   */
  public static final String SCHEDULED_AT = PREFIX + "ScheduledAt";

  private ProcessVariables() {}

  /** Whether {@code name} is one of the scheduler's own variables rather than a start parameter. */
  public static boolean isOwn(String name) {
    return name.startsWith(PREFIX);
  }
}
