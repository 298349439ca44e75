package dev.jobnet.engine.agents;

import dev.jobnet.engine.states.IllegalStateChangeException;
import dev.jobnet.engine.states.Transitions;
import java.util.Set;

/**
 * Whether an agent is heard from: ONLINE while its heartbeats arrive, OFFLINE once silent or stopped.
 * Every change of the registry ({@link AgentRegistry}) goes through {@link #CHANGES}; a heartbeat of an
 * ONLINE agent keeps it ONLINE, which is no change. To add a state or a transition: its line or target
 * here and the test of that line in {@code AgentStateTest}.
 */
public enum AgentState {
  ONLINE,
  OFFLINE;

  /** The transition table: what each state may become (besides itself, which is no change). */
  private static final Transitions<AgentState> CHANGES = Transitions.of(AgentState.class)
      // silence or a stop makes it OFFLINE
      .from(ONLINE).to(OFFLINE)
      // a heartbeat brings it back
      .from(OFFLINE).to(ONLINE)
      .build();

  /** The states this one may become, other than itself. */
  public Set<AgentState> targets() {
    return CHANGES.targets(this);
  }

  public boolean canBecome(AgentState next) {
    return CHANGES.allows(this, next);
  }

  /**
   * Returns {@code next} when this state may become it.
   *
   * @param agent the agent's name, for the message
   * @throws IllegalStateChangeException when the table does not allow the change
   */
  public AgentState becomes(AgentState next, String agent) {
    return CHANGES.change("agent " + agent, this, next);
  }
}
