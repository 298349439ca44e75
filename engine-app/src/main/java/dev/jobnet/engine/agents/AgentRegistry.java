package dev.jobnet.engine.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * The table {@code jobnet_agent}: one row per agent ever heard from. Every change is a single
 * conditional statement, so several engine-app nodes may report and judge agents at once; the node
 * whose statement changed the row is the one that acts on the change.
 */
@Repository
public class AgentRegistry {

  private static final TypeReference<List<AgentReport.RunningJob>> RUNNING = new TypeReference<>() {};
  private static final String COLUMNS =
      "name, servers, capacity, heartbeat_ms, lock_ms, running, state, state_since, first_seen, last_seen";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json = new ObjectMapper();

  AgentRegistry(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records a heartbeat; the state the agent had before it (empty for an agent never seen). */
  public Optional<AgentState> beat(String name, AgentReport report, Instant now) {
    Timestamp at = Timestamp.from(now);
    String servers = "," + String.join(",", report.servers()) + ",";
    String running = write(report.running());
    for (int tries = 0; ; tries++) {
      Optional<AgentView> before = find(name);
      if (before.isPresent()) {
        AgentState was = before.get().state();
        AgentState next = was.becomes(AgentState.ONLINE, name);
        int changed = jdbc.update("UPDATE jobnet_agent SET servers = ?, capacity = ?, heartbeat_ms = ?, lock_ms = ?,"
            + " running = ?, last_seen = ?, state = ?, state_since = ?, away_until = NULL WHERE name = ? AND state = ?",
            servers, report.capacity(), report.heartbeatMillis(), report.lockMillis(), running, at,
            next.name(), was == next ? Timestamp.from(before.get().stateSince()) : at,
            name, was.name());
        if (changed == 1) {
          return Optional.of(was);
        }
      } else {
        try {
          jdbc.update("INSERT INTO jobnet_agent (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", name,
              servers, report.capacity(), report.heartbeatMillis(), report.lockMillis(), running,
              AgentState.ONLINE.name(), at, at, at);
          return Optional.empty();
        } catch (DuplicateKeyException e) {
          // another node inserted it at the same moment: update it instead
        }
      }
      if (tries >= 5) {
        throw new IllegalStateException("the registry row of agent " + name + " kept changing; try again");
      }
    }
  }

  /** An agent that stopped on purpose: OFFLINE at once, with nothing running. Whether it was ONLINE. */
  public boolean stopped(String name, Instant now) {
    Timestamp at = Timestamp.from(now);
    // only an ONLINE agent changes: the statement's condition
    AgentState offline = AgentState.ONLINE.becomes(AgentState.OFFLINE, name);
    return jdbc.update("UPDATE jobnet_agent SET state = ?, state_since = ?, last_seen = ?, running = ?,"
        + " away_until = NULL WHERE name = ? AND state = ?", offline.name(), at, at, "[]", name,
        AgentState.ONLINE.name()) == 1;
  }

  /**
   * An ONLINE agent restarting (it detached from its running jobs): counted as heard from until {@code
   * until}, so that its jobs are not made STUCK while it is away. Whether it was ONLINE (an OFFLINE
   * agent's jobs are STUCK already; it is judged by its next heartbeat).
   */
  public boolean away(String name, Instant until, Instant now) {
    return jdbc.update("UPDATE jobnet_agent SET away_until = ?, last_seen = ? WHERE name = ? AND state = ?",
        Timestamp.from(until), Timestamp.from(now), name, AgentState.ONLINE.name()) == 1;
  }

  /**
   * Makes OFFLINE every ONLINE agent last seen before {@code silentSince} and not away beyond it (a
   * restarting agent counts as heard from until its {@code away_until}); the agents this call changed
   * (another node may have changed others).
   */
  public List<AgentView> markSilentOffline(Instant silentSince, Instant now) {
    Timestamp since = Timestamp.from(silentSince);
    List<AgentView> silent = jdbc.query("SELECT " + COLUMNS + " FROM jobnet_agent WHERE state = ? AND last_seen < ?"
        + " AND (away_until IS NULL OR away_until < ?)", this::view, AgentState.ONLINE.name(), since, since);
    List<AgentView> changed = new ArrayList<>();
    for (AgentView a : silent) {
      AgentState offline = a.state().becomes(AgentState.OFFLINE, a.name());
      int n = jdbc.update("UPDATE jobnet_agent SET state = ?, state_since = ? WHERE name = ? AND state = ?"
          + " AND last_seen = ?", offline.name(), Timestamp.from(now), a.name(), a.state().name(),
          Timestamp.from(a.lastSeen()));
      if (n == 1) {
        changed.add(a);
      }
    }
    return changed;
  }

  public Optional<AgentView> find(String name) {
    List<AgentView> found = jdbc.query("SELECT " + COLUMNS + " FROM jobnet_agent WHERE name = ?", this::view, name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public List<AgentView> all() {
    return jdbc.query("SELECT " + COLUMNS + " FROM jobnet_agent ORDER BY name", this::view);
  }

  /** The names of the agents in {@code state}. */
  public Set<String> names(AgentState state) {
    return new LinkedHashSet<>(jdbc.queryForList("SELECT name FROM jobnet_agent WHERE state = ?", String.class,
        state.name()));
  }

  /** Every server some agent has ever reported serving. */
  public Set<String> knownServers() {
    Set<String> servers = new LinkedHashSet<>();
    for (String s : jdbc.queryForList("SELECT servers FROM jobnet_agent", String.class)) {
      for (String server : s.split(",")) {
        if (!server.isEmpty()) {
          servers.add(server);
        }
      }
    }
    return servers;
  }

  /** How many agents are in each state and which servers they ever served: one query, for the metrics. */
  public AgentCensus census() {
    Map<AgentState, Long> agents = new EnumMap<>(AgentState.class);
    Set<String> servers = new LinkedHashSet<>();
    jdbc.query("SELECT state, servers FROM jobnet_agent", (RowCallbackHandler) rs -> {
      agents.merge(AgentState.valueOf(rs.getString(1)), 1L, Long::sum);
      for (String server : rs.getString(2).split(",")) {
        if (!server.isEmpty()) {
          servers.add(server);
        }
      }
    });
    return new AgentCensus(agents, servers);
  }

  private AgentView view(ResultSet rs, int row) throws SQLException {
    List<String> servers = Arrays.stream(rs.getString("servers").split(",")).filter(s -> !s.isEmpty()).toList();
    return new AgentView(rs.getString("name"), servers, rs.getInt("capacity"), rs.getLong("heartbeat_ms"),
        rs.getLong("lock_ms"), read(rs.getString("running")), AgentState.valueOf(rs.getString("state")),
        rs.getTimestamp("state_since").toInstant(), rs.getTimestamp("first_seen").toInstant(),
        rs.getTimestamp("last_seen").toInstant());
  }

  private String write(List<AgentReport.RunningJob> running) {
    try {
      return json.writeValueAsString(running);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the running jobs", e);
    }
  }

  private List<AgentReport.RunningJob> read(String text) {
    try {
      return text == null || text.isBlank() ? List.of() : json.readValue(text, RUNNING);
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }
}
