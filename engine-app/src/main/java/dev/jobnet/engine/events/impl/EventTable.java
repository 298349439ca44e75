package dev.jobnet.engine.events.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventQuery;
import dev.jobnet.engine.events.NewEvent;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The table {@code jobnet_event}: one row per event, written on the caller's transaction. Details are
 * kept as a JSON object; text longer than the columns is cut with "...".
 *
 * <p>A plain component, not a {@code @Repository}: that stereotype wraps the bean in a proxy that
 * translates persistence exceptions, which {@link JdbcTemplate} already throws as Spring's; the proxy
 * cost about 0.7 % of the engine's CPU under a burst of starts (every event goes through it).
 */
@Component
public class EventTable {

  static final int MESSAGE_MAX = 4000;
  static final int DETAILS_MAX = 8000;
  /** A detail's text longer than this is cut, so that the details fit their column. */
  static final int DETAIL_VALUE_MAX = 1000;

  private static final String INSERT = "INSERT INTO jobnet_event (occurred_at, kind, root_run_id, run_id, element_id,"
      + " tenant_id, actor, message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS = "SELECT id, occurred_at, kind, root_run_id, run_id, element_id, tenant_id,"
      + " actor, message, details FROM jobnet_event";
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final RowMapper<Event> rows;

  EventTable(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.rows = (rs, i) -> new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), EventKind.valueOf(rs.getString(3)),
        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
        parse(rs.getString(10)));
  }

  public Event insert(NewEvent e, Instant at) {
    Map<String, Object> details = cut(e.details());
    String detailsJson = write(details);
    String message = e.message() == null ? null : cut(e.message(), MESSAGE_MAX);
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.update(c -> {
      PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"});
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, e.kind().name());
      ps.setString(3, e.rootRunId());
      ps.setString(4, e.runId());
      ps.setString(5, e.elementId());
      ps.setString(6, e.tenantId());
      ps.setString(7, e.actor());
      ps.setString(8, message);
      ps.setString(9, detailsJson);
      return ps;
    }, key);
    return new Event(key.getKey().longValue(), at, e.kind(), e.rootRunId(), e.runId(), e.elementId(), e.tenantId(),
        e.actor(), message, details);
  }

  public List<Event> find(EventQuery q) {
    List<Object> args = new ArrayList<>();
    String order = q.newestFirst() ? " ORDER BY occurred_at DESC, id DESC" : " ORDER BY occurred_at, id";
    args.add((long) q.page() * q.size());
    args.add(q.size());
    List<Object> all = new ArrayList<>();
    String where = where(q, all);
    all.addAll(args);
    return jdbc.query(COLUMNS + where + order + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", rows, all.toArray());
  }

  public long count(EventQuery q) {
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM jobnet_event" + where, Long.class, args.toArray());
    return n == null ? 0 : n;
  }

  /** The WHERE clause of a query (or nothing), its arguments added to {@code args}. */
  private static String where(EventQuery q, List<Object> args) {
    List<String> terms = new ArrayList<>();
    if (q.rootRunId() != null) {
      terms.add("root_run_id = ?");
      args.add(q.rootRunId());
    }
    if (q.elementId() != null) {
      terms.add("element_id = ?");
      args.add(q.elementId());
    }
    if (!q.kinds().isEmpty()) {
      terms.add("kind IN (" + "?,".repeat(q.kinds().size() - 1) + "?)");
      q.kinds().stream().map(Enum::name).sorted().forEach(args::add);
    }
    if (q.from() != null) {
      terms.add("occurred_at >= ?");
      args.add(Timestamp.from(q.from()));
    }
    if (q.to() != null) {
      terms.add("occurred_at < ?");
      args.add(Timestamp.from(q.to()));
    }
    if (q.tenantIds() != null) {
      if (q.tenantIds().isEmpty()) {
        terms.add("1 = 0");
      } else {
        terms.add("tenant_id IN (" + "?,".repeat(q.tenantIds().size() - 1) + "?)");
        q.tenantIds().stream().sorted().forEach(args::add);
      }
    }
    return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
  }

  private Map<String, Object> cut(Map<String, Object> details) {
    Map<String, Object> result = new LinkedHashMap<>();
    details.forEach((k, v) -> result.put(k, v instanceof String s ? cut(s, DETAIL_VALUE_MAX) : v));
    return result;
  }

  private String write(Map<String, Object> details) {
    if (details.isEmpty()) {
      return null;
    }
    try {
      String text = json.writeValueAsString(details);
      return text.length() <= DETAILS_MAX ? text
          : json.writeValueAsString(Map.of("truncated", true, "text", cut(text, DETAIL_VALUE_MAX)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event details that are no JSON: " + details.keySet(), e);
    }
  }

  private Map<String, Object> parse(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, MAP);
    } catch (JsonProcessingException e) {
      return Map.of("unreadable", text);
    }
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
