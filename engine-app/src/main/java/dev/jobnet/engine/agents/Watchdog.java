package dev.jobnet.engine.agents;

import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.protocol.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks every {@code jobnet.agents.watchdog-interval}: agents silent for longer than
 * {@code offline-after} become OFFLINE and the jobs they had started become STUCK (before their locks
 * expire, so no other agent can fetch them); jobs for a server no agent has ever served fail after
 * {@code unknown-server-grace}. After its own start and after it could not look (the database was
 * gone), it gives agents {@code offline-after} to be heard from again before judging them: their
 * silence was the engine's.
 */
@Component
class Watchdog {

  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final AgentRegistry registry;
  private final StuckJobs stuckJobs;
  private final JdbcTemplate jdbc;
  private final AgentsProperties properties;
  private final EventLog events;
  private final Clock clock;
  private final Map<String, Instant> unservedSince = new HashMap<>();
  private Instant judgeFrom;
  private boolean failing;

  Watchdog(AgentRegistry registry, StuckJobs stuckJobs, JdbcTemplate jdbc, AgentsProperties properties,
      EventLog events, Clock clock) {
    this.events = events;
    this.registry = registry;
    this.stuckJobs = stuckJobs;
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${jobnet.agents.watchdog-interval:" + AgentsProperties.DEFAULT_WATCHDOG_INTERVAL + "}",
      initialDelayString = "${jobnet.agents.watchdog-interval:" + AgentsProperties.DEFAULT_WATCHDOG_INTERVAL + "}")
  void scheduled() {
    try {
      look();
      if (failing) {
        LOG.info("watchdog: looking again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("watchdog: could not look ({}); agents are judged again {} after it can", e.getMessage(),
            properties.offlineAfter());
        failing = true;
      }
      judgeFrom = null;
    }
  }

  /** One look. Package-private for tests. */
  synchronized void look() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (judgeFrom == null) {
      judgeFrom = now.plus(properties.offlineAfter());
    }
    if (!now.isBefore(judgeFrom)) {
      for (AgentView silent : registry.markSilentOffline(now.minus(properties.offlineAfter()), now)) {
        LOG.warn("agent {} is OFFLINE: not heard from since {} (more than {})", silent.name(), silent.lastSeen(),
            properties.offlineAfter());
        events.record(NewEvent.of(EventKind.AGENT_OFFLINE).actor(silent.name())
            .message("agent " + silent.name() + " is offline: no heartbeat since " + silent.lastSeen())
            .detail("lastSeen", silent.lastSeen().toString()).detail("running", silent.running().size()));
      }
    }
    stuckJobsOfOfflineAgents(now);
    stuckJobs.forgetSettled();
    failJobsOfUnservedServers(now);
  }

  private void stuckJobsOfOfflineAgents(Instant now) {
    List<Map<String, Object>> held = jdbc.queryForList("SELECT t.ID_ AS task_id, t.WORKER_ID_ AS agent"
        + " FROM ACT_RU_EXT_TASK t JOIN jobnet_agent a ON a.name = t.WORKER_ID_"
        + " WHERE a.state = ? AND (t.RETRIES_ IS NULL OR t.RETRIES_ > 0) AND t.TOPIC_NAME_ LIKE ?",
        AgentState.OFFLINE.name(), Topics.PREFIX + "%");
    Map<String, AgentView> agents = new HashMap<>();
    for (Map<String, Object> row : held) {
      String taskId = (String) value(row, "task_id");
      String name = (String) value(row, "agent");
      AgentView agent = agents.computeIfAbsent(name, n -> registry.find(n).orElse(null));
      if (agent == null || agent.state() != AgentState.OFFLINE) {
        continue;
      }
      try {
        stuckJobs.makeStuck(taskId, agent, now);
      } catch (RuntimeException e) {
        // another node or the agent's own report got there first; looked at again next time
        LOG.debug("watchdog: job {} of agent {} not made STUCK now: {}", taskId, name, e.getMessage());
      }
    }
  }

  private void failJobsOfUnservedServers(Instant now) {
    List<String> topics = jdbc.queryForList("SELECT DISTINCT TOPIC_NAME_ FROM ACT_RU_EXT_TASK"
        + " WHERE WORKER_ID_ IS NULL AND (RETRIES_ IS NULL OR RETRIES_ > 0) AND TOPIC_NAME_ LIKE ?", String.class,
        Topics.PREFIX + "%");
    Set<String> known = registry.knownServers();
    unservedSince.keySet().removeIf(t -> !topics.contains(t) || known.contains(server(t)));
    for (String topic : topics) {
      String server = server(topic);
      if (known.contains(server)) {
        continue;
      }
      Instant since = unservedSince.computeIfAbsent(topic, t -> now);
      if (Duration.between(since, now).compareTo(properties.unknownServerGrace()) < 0) {
        continue;
      }
      for (String taskId : jdbc.queryForList("SELECT ID_ FROM ACT_RU_EXT_TASK WHERE TOPIC_NAME_ = ?"
          + " AND WORKER_ID_ IS NULL AND (RETRIES_ IS NULL OR RETRIES_ > 0)", String.class, topic)) {
        try {
          stuckJobs.failUnserved(taskId, server);
        } catch (RuntimeException e) {
          LOG.debug("watchdog: job {} for server {} not failed now: {}", taskId, server, e.getMessage());
        }
      }
    }
  }

  /** Column labels come back upper case on H2 and lower case on PostgreSQL. */
  private static Object value(Map<String, Object> row, String label) {
    Object v = row.get(label);
    return v != null ? v : row.get(label.toUpperCase(java.util.Locale.ROOT));
  }

  /** The server of a job topic (every topic here is one: the query takes {@link Topics#PREFIX}{@code %}). */
  private static String server(String topic) {
    return Topics.serverOf(topic).orElse(topic);
  }
}
