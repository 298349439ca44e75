package dev.jobnet.agent.engine;

import java.util.List;

/**
 * What the agent tells the engine's registry with every heartbeat
 * ({@code POST /jobnet-api/agents/{name}/heartbeat}): the servers it serves, its capacity, its
 * heartbeat and lock, and the jobs it has started and not yet finished.
 */
public record AgentStatus(List<String> servers, int capacity, long heartbeatMillis, long lockMillis,
    List<RunningJob> running) {

  /** A job whose command this agent started and which has not ended. */
  public record RunningJob(String taskId, String processInstanceId, String activityId) {}

  public AgentStatus {
    servers = List.copyOf(servers);
    running = List.copyOf(running);
  }
}
