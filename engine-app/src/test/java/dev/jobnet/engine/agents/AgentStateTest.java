package dev.jobnet.engine.agents;

import static dev.jobnet.engine.agents.AgentState.OFFLINE;
import static dev.jobnet.engine.agents.AgentState.ONLINE;

import dev.jobnet.engine.states.TransitionAssertions;
import org.junit.jupiter.api.Test;

/** The transition table of an agent's states, one source state per test. */
class AgentStateTest {

  @Test
  void fromOnline() {
    // silence or a stop; a heartbeat keeps it ONLINE (the same state again)
    assertLine(ONLINE, OFFLINE);
  }

  @Test
  void fromOffline() {
    // a heartbeat brings it back
    assertLine(OFFLINE, ONLINE);
  }

  @Test
  void everyStateHasTheTestOfItsLine() {
    TransitionAssertions.assertEveryStateTested(AgentState.class, AgentStateTest.class);
  }

  private static void assertLine(AgentState from, AgentState... allowed) {
    TransitionAssertions.assertLine(from, AgentState::targets, (to, agent) -> from.becomes(to, agent), "batch-1",
        "agent batch-1", allowed);
  }
}
