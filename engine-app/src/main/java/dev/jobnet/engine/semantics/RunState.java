package dev.jobnet.engine.semantics;

import dev.jobnet.engine.states.IllegalStateChangeException;
import dev.jobnet.engine.states.Transitions;
import java.util.Optional;
import java.util.Set;

/**
 * The life of a run of a root jobnet (one an operator started, or one an expansion started). RUNNING
 * until it has an outcome: SUCCEEDED, FAILED or STOPPED, the process variable {@code jobnetOutcome} of
 * an ended run. An operator's force-stop makes a run STOPPED while it still winds down; it ends STOPPED.
 *
 * <p>An operator's hold makes a running run ON_HOLD until released (RUNNING again).
 *
 * <p>Recorded in {@code jobnet_node_state} as the state of the element {@code _process}, in the names of
 * the {@link JobState}s they match; every change goes through {@link #CHANGES} ({@link NodeStateStore}).
 * To add a state or a transition: its line or target in {@link #CHANGES} and the test of that line in
 * {@code RunStateTest}.
 */
public enum RunState {
  RUNNING(null),
  /** Held by an operator: nothing new starts in it (nor in the runs it expanded); what runs goes on. */
  ON_HOLD(JobState.ON_HOLD),
  SUCCEEDED(JobState.SUCCEEDED),
  FAILED(JobState.FAILED),
  STOPPED(JobState.STOPPED);

  /** The transition table: what each state may become (besides itself, which is no change). */
  private static final Transitions<RunState> CHANGES = Transitions.of(RunState.class)
      .from(RUNNING).to(SUCCEEDED, FAILED, STOPPED, ON_HOLD)
      // released (RUNNING), stopped, or ended by the jobs that ran on while it was held
      .from(ON_HOLD).to(RUNNING, SUCCEEDED, FAILED, STOPPED)
      .from(SUCCEEDED).to()
      .from(FAILED).to()
      .from(STOPPED).to()
      .build();

  /** The state recorded for the run's {@code _process} element; null: none is. */
  private final JobState recorded;

  RunState(JobState recorded) {
    this.recorded = recorded;
  }

  /**
   * The run state a recorded state of {@code _process} stands for: RUNNING when none is recorded.
   *
   * @throws IllegalArgumentException for a job state that is no run's (WAITING, SKIPPED, ...)
   */
  public static RunState ofRecorded(JobState state) {
    if (state == null) {
      return RUNNING;
    }
    for (RunState s : values()) {
      if (s.recorded == state) {
        return s;
      }
    }
    throw new IllegalArgumentException("a run is never " + state);
  }

  /** The outcome a run's {@code jobnetOutcome} names: SUCCEEDED, FAILED or STOPPED. */
  public static Optional<RunState> ofOutcome(String outcome) {
    for (RunState s : values()) {
      if (s.isFinal() && s.name().equals(outcome)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The state recorded for the run's {@code _process} element. */
  public JobState recorded() {
    if (recorded == null) {
      throw new IllegalStateException("a " + this + " run has no recorded state");
    }
    return recorded;
  }

  /** The states this one may become, other than itself. */
  public Set<RunState> targets() {
    return CHANGES.targets(this);
  }

  public boolean canBecome(RunState next) {
    return CHANGES.allows(this, next);
  }

  /**
   * Returns {@code next} when this state may become it.
   *
   * @param run the run that changes, for the message ("run 42")
   * @throws IllegalStateChangeException when the table does not allow the change
   */
  public RunState becomes(RunState next, String run) {
    return CHANGES.change(run, this, next);
  }

  /** The run has its outcome. */
  public boolean isFinal() {
    return this != RUNNING && this != ON_HOLD;
  }
}
