package dev.jobnet.engine.agents;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The registry in numbers ({@link AgentRegistry#census}): how many agents are in each state (every
 * state present, 0 included) and every server some agent has ever reported serving.
 */
public record AgentCensus(Map<AgentState, Long> agents, Set<String> servers) {

  public AgentCensus {
    Map<AgentState, Long> all = new EnumMap<>(AgentState.class);
    for (AgentState s : AgentState.values()) {
      all.put(s, agents == null ? 0L : agents.getOrDefault(s, 0L));
    }
    agents = Map.copyOf(all);
    servers = servers == null ? Set.of() : Set.copyOf(servers);
  }

  /** How many agents are in {@code state}. */
  public long count(AgentState state) {
    return agents.get(state);
  }
}
