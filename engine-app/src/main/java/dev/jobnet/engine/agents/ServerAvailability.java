package dev.jobnet.engine.agents;

import dev.jobnet.engine.runs.PendingJobs;
import dev.jobnet.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Says why a job waits for an agent: every agent of its server is offline (it runs when one comes
 * back), or no agent has ever served its server (it fails soon). Nothing while an agent of the server
 * is online: the job simply waits for free capacity.
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
      for (AgentView a : agents) {
        if (a.servers().contains(server)) {
          if (a.state() == AgentState.ONLINE) {
            return null;
          }
          serving.add(a);
        }
      }
      if (serving.isEmpty()) {
        return "waiting for an agent of server '" + server + "', which no agent has ever served: it fails after "
            + properties.unknownServerGrace() + " unless an agent with " + server + " in JOBNET_AGENT_SERVERS starts";
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
}
