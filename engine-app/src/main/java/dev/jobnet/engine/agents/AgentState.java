package dev.jobnet.engine.agents;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Whether an agent is heard from: ONLINE while its heartbeats arrive, OFFLINE once silent or stopped. */
public enum AgentState {
  ONLINE,
  OFFLINE;

  private static final Map<AgentState, Set<AgentState>> ALLOWED = new EnumMap<>(AgentState.class);

  static {
    // a heartbeat keeps an agent ONLINE and brings an OFFLINE one back
    ALLOWED.put(ONLINE, EnumSet.of(ONLINE, OFFLINE));
    // silence or a stop keeps it OFFLINE: nothing to change
    ALLOWED.put(OFFLINE, EnumSet.of(ONLINE));
  }

  public boolean canBecome(AgentState next) {
    return ALLOWED.get(this).contains(next);
  }
}
