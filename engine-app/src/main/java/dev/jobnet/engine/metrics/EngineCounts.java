package dev.jobnet.engine.metrics;

import dev.jobnet.engine.agents.AgentState;
import dev.jobnet.engine.notify.OutboxState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the gauges show, read at one moment: the jobs of each server, the agents in each state, the
 * mails in each state of the outbox.
 *
 * @param jobs by server: the servers with external tasks now
 * @param servers every server to show, with or without jobs (the agents' servers and those of {@code
 *     jobs})
 */
public record EngineCounts(Map<String, JobCounts> jobs, Set<String> servers, Map<AgentState, Long> agents,
    Map<OutboxState, Long> mails) {

  public EngineCounts {
    jobs = Map.copyOf(new TreeMap<>(jobs));
    Set<String> all = new TreeSet<>(servers);
    all.addAll(jobs.keySet());
    servers = Set.copyOf(all);
    agents = Map.copyOf(complete(AgentState.class, agents));
    mails = Map.copyOf(complete(OutboxState.class, mails));
  }

  public JobCounts jobsOf(String server) {
    return jobs.getOrDefault(server, JobCounts.NONE);
  }

  private static <E extends Enum<E>> Map<E, Long> complete(Class<E> type, Map<E, Long> counts) {
    Map<E, Long> all = new EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      all.put(e, counts.getOrDefault(e, 0L));
    }
    return all;
  }
}
