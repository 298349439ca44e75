package dev.jobnet.engine.agents;

import java.util.List;

/**
 * What an agent says of itself with every heartbeat ({@code POST /jobnet-api/agents/{name}/heartbeat}).
 *
 * @param servers the servers it fetches jobs for
 * @param capacity how many jobs it runs at once
 * @param heartbeatMillis its heartbeat interval
 * @param lockMillis the lock it takes on a job and extends with each heartbeat
 * @param running the jobs it runs now
 */
public record AgentReport(List<String> servers, Integer capacity, Long heartbeatMillis, Long lockMillis,
    List<RunningJob> running) {

  /** At most this many servers and running jobs in one report. */
  static final int MAX_ITEMS = 1000;

  /** A job an agent runs: its external task and where it is in a run. */
  public record RunningJob(String taskId, String processInstanceId, String activityId) {}

  public AgentReport {
    servers = servers == null ? List.of() : List.copyOf(servers);
    running = running == null ? List.of() : List.copyOf(running);
  }

  /** Why the report cannot be taken, or null. */
  String problem() {
    if (servers.isEmpty()) {
      return "servers: name at least one server the agent serves";
    }
    if (servers.size() > MAX_ITEMS || running.size() > MAX_ITEMS) {
      return "at most " + MAX_ITEMS + " servers and running jobs";
    }
    for (String s : servers) {
      if (s == null || !s.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
        return "servers: '" + s + "' is not a server name (letters, digits, '.', '_' and '-')";
      }
    }
    if (capacity == null || capacity < 1) {
      return "capacity: 1 or more";
    }
    if (heartbeatMillis == null || heartbeatMillis < 1 || lockMillis == null || lockMillis < 1) {
      return "heartbeatMillis and lockMillis: positive numbers of milliseconds";
    }
    for (RunningJob j : running) {
      if (j == null || j.taskId() == null || j.taskId().isBlank()) {
        return "running: every job needs its taskId";
      }
    }
    return null;
  }
}
