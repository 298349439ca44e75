package dev.jobnet.engine.agents;

import dev.jobnet.engine.runs.PendingJobs;
import dev.jobnet.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Says why a job waits for an agent: every agent of its server is offline (it runs when one comes
 * back), no agent has ever served its server (it fails soon), every online agent of it is at capacity
 * (it starts when one finishes a job), or it is ready and an agent with free capacity takes it at its
 * next fetch.
 */
@Component
class ServerAvailability implements PendingJobs {

  private final AgentRegistry registry;
  private final AgentsProperties properties;

  ServerAvailability(AgentRegistry registry, AgentsProperties properties) {
    this.registry = registry;
    this.properties = properties;
  }

  @Override
  public Function<String, String> whyWaiting() {
    List<AgentView> agents = registry.all();
    return topic -> {
      if (!Topics.isJobTopic(topic)) {
        return null;
      }
      String server = Topics.serverOf(topic).orElseThrow();
      List<AgentView> serving = new ArrayList<>();
      List<AgentView> online = new ArrayList<>();
      for (AgentView a : agents) {
        if (a.servers().contains(server)) {
          (a.state() == AgentState.ONLINE ? online : serving).add(a);
        }
      }
      if (!online.isEmpty()) {
        return busyOrReady(server, online);
      }
      if (serving.isEmpty()) {
        return "waiting for an agent of server '" + server + "', which no agent has ever served: it fails after "
            + dev.jobnet.engine.api.Words.duration(properties.unknownServerGrace()) + " unless an agent with " + server + " in JOBNET_AGENT_SERVERS starts";
      }
      StringBuilder names = new StringBuilder();
      for (AgentView a : serving) {
        names.append(names.length() == 0 ? "" : ", ").append(a.name()).append(" (last seen ").append(a.lastSeen())
            .append(')');
      }
      return "waiting: every agent of server '" + server + "' is offline: " + names
          + "; the job runs when one of them is back";
    };
  }

  /**
   * Every online agent of the server runs as many jobs as its capacity (as its last report said): the
   * job waits for one to finish; else it is ready, and an agent takes it at its next fetch.
   */
  private static String busyOrReady(String server, List<AgentView> online) {
    StringBuilder load = new StringBuilder();
    boolean free = false;
    for (AgentView a : online) {
      free |= a.running().size() < a.capacity();
      load.append(load.length() == 0 ? "" : ", ").append(a.name()).append(' ').append(a.running().size())
          .append(" of ").append(a.capacity()).append(" running");
    }
    if (free) {
      return "ready for an agent of server '" + server + "' (" + load + "): it starts at the next fetch";
    }
    return "waiting: every agent of server '" + server + "' is at capacity (" + load
        + "); the job starts when one of them finishes a job";
  }
}
