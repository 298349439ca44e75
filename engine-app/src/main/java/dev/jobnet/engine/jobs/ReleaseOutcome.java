package dev.jobnet.engine.jobs;

/** What became of a release (the agent never started the command). */
public sealed interface ReleaseOutcome {

  /**
   * The marker is gone (or there was none). {@code unlocked}: the task was locked by the worker and
   * was given back for any agent to fetch; {@code unstuck}: the re-delivery guard had made it STUCK,
   * and it is fetchable again with the retries it had.
   */
  record Released(boolean unlocked, boolean unstuck) implements ReleaseOutcome {}

  /** The job carries a marker of another worker or attempt: nothing changed. */
  record NotYours(StartMarker marker) implements ReleaseOutcome {}
}
