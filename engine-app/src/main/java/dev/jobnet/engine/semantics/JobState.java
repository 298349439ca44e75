package dev.jobnet.engine.semantics;

import dev.jobnet.engine.states.IllegalStateChangeException;
import dev.jobnet.engine.states.Transitions;
import java.util.Set;

/**
 * The life of a job (and of a nested jobnet, finally or expansion), as operators see it. A closed set
 * with an explicit transition table ({@link #CHANGES}, one line per state); {@code jobnets.md} of the
 * design is the contract. Every state the engine records goes through the table ({@link
 * NodeStateStore}), as do the changes operators make ({@code operations}).
 *
 * <p>The final states are recorded in {@code jobnet_node_state}, and so is ON_HOLD, an operator's hold
 * on a node that has not started; WAITING, PENDING, RUNNING and STUCK are what the engine's execution
 * and external task show. A node without a recorded state is WAITING as far as the table is concerned
 * ({@link #ofRecorded}); releasing a hold removes its row (ON_HOLD becomes WAITING).
 *
 * <p>To add a state: its constant here and its line in {@link #CHANGES} (the table does not build
 * without it), and a test of its line in {@code JobStateTest}. To add a transition: one target in a line,
 * and the test of that line.
 */
public enum JobState {
  /** The token has not reached the job yet. */
  WAITING(false),
  /** An external task exists; no agent has started it. */
  PENDING(false),
  /**
   * An operator holds it (or the jobnet or run it is in): it does not start until released. A held
   * job that the flow reached waits without an external task; a held jobnet lets what runs in it go
   * on and starts nothing new.
   */
  ON_HOLD(false),
  /** An agent started the command and heartbeats. */
  RUNNING(false),
  /** The outcome is unknown (heartbeat lost, or a second start detected): a person or the agent decides. */
  STUCK(false),
  SUCCEEDED(true),
  FAILED(true),
  STOPPED(true),
  SKIPPED(true);

  /** The transition table: what each state may become (besides itself, which is no change). */
  private static final Transitions<JobState> CHANGES = Transitions.of(JobState.class)
      .from(WAITING).to(PENDING, SKIPPED, STOPPED, SUCCEEDED, FAILED, ON_HOLD)
      .from(PENDING).to(RUNNING, STOPPED, FAILED, SUCCEEDED, ON_HOLD, SKIPPED)
      // released (WAITING), skipped or stopped by an operator; a held jobnet ends when what ran in it ends
      .from(ON_HOLD).to(WAITING, SKIPPED, STOPPED, SUCCEEDED, FAILED)
      .from(RUNNING).to(SUCCEEDED, FAILED, STOPPED, STUCK, PENDING)
      .from(STUCK).to(RUNNING, SUCCEEDED, FAILED, STOPPED, PENDING)
      .from(SUCCEEDED).to()
      .from(FAILED).to()
      .from(STOPPED).to()
      .from(SKIPPED).to()
      .build();

  private final boolean ended;

  JobState(boolean ended) {
    this.ended = ended;
  }

  /** The state of a node whose recorded state is {@code recorded}: WAITING when none is. */
  public static JobState ofRecorded(JobState recorded) {
    return recorded == null ? WAITING : recorded;
  }

  /** The states this one may become, other than itself. */
  public Set<JobState> targets() {
    return CHANGES.targets(this);
  }

  public boolean canBecome(JobState next) {
    return CHANGES.allows(this, next);
  }

  /**
   * Returns {@code next} when this state may become it.
   *
   * @param node the node that changes, for the message ("job load of run 42")
   * @throws IllegalStateChangeException when the table does not allow the change
   */
  public JobState becomes(JobState next, String node) {
    return CHANGES.change(node, this, next);
  }

  /** The node ended: its state is its outcome, which the semantics never change while the run lives. */
  public boolean isFinal() {
    return ended;
  }

  /** A job downstream of one in this state is skipped. */
  public boolean skipsDownstream() {
    return this == FAILED || this == STOPPED || this == SKIPPED;
  }

  /** A jobnet with a direct child in this state ends FAILED. */
  public boolean failsJobnet() {
    return this == FAILED || this == STOPPED;
  }
}
