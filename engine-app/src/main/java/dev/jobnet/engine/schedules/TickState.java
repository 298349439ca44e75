package dev.jobnet.engine.schedules;

import dev.jobnet.engine.states.IllegalStateChangeException;
import dev.jobnet.engine.states.Transitions;
import java.util.Set;

/**
 * What became of a schedule's tick ({@code jobnet_schedule_tick.state}). A tick is written once in
 * its final state, but a queued one; to add a state or a transition: its line here and its test in
 * {@code TickStateTest}.
 */
public enum TickState {
  /** Its run started on time. */
  STARTED,
  /** It was missed while no engine ran, and its run started late ({@code missed: one} or {@code all}). */
  STARTED_LATE,
  /** It waits for the previous run to end ({@code overlap: queue}). */
  QUEUED,
  /** Missed while no engine ran, and not run ({@code missed: none}, or not the latest with {@code one}). */
  SKIPPED_MISSED,
  /** Due while the previous run still ran ({@code overlap: skip}). */
  SKIPPED_OVERLAP;

  private static final Transitions<TickState> CHANGES = Transitions.of(TickState.class)
      // a queued tick's run starts once the previous run has ended
      .from(QUEUED).to(STARTED)
      // the others are written once, final
      .from(STARTED).to()
      .from(STARTED_LATE).to()
      .from(SKIPPED_MISSED).to()
      .from(SKIPPED_OVERLAP).to()
      .build();

  /** The states this one may become, other than itself. */
  public Set<TickState> targets() {
    return CHANGES.targets(this);
  }

  /**
   * Returns {@code next} when this state may become it.
   *
   * @throws IllegalStateChangeException when the table does not allow the change
   */
  public TickState becomes(TickState next, String tick) {
    return CHANGES.change("tick " + tick, this, next);
  }
}
