package dev.jobnet.engine.agents;

import java.time.Instant;
import java.util.List;

/** An agent as the registry knows it ({@code GET /jobnet-api/agents}). */
public record AgentView(String name, List<String> servers, int capacity, long heartbeatMillis, long lockMillis,
    List<AgentReport.RunningJob> running, AgentState state, Instant stateSince, Instant firstSeen,
    Instant lastSeen) {

  public AgentView {
    servers = List.copyOf(servers);
    running = List.copyOf(running);
  }
}
