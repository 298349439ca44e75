package dev.jobnet.engine.notify.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.notify.MailKind;
import dev.jobnet.engine.notify.OutboxMail;
import dev.jobnet.engine.notify.OutboxState;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The table {@code jobnet_mail_outbox}, one small statement per method. A mail is added on the
 * caller's transaction (the event's); claiming, finishing and postponing are single UPDATEs whose
 * WHERE holds only for the node that may do it, so that nodes sharing the table never both send a mail:
 * a claim succeeds only on a PENDING, due row that no live node has leased; finishing and postponing
 * only for the node holding the lease.
 */
@Repository
public class OutboxTable {

  private static final String INSERT = "INSERT INTO jobnet_mail_outbox (event_id, kind, root_run_id, run_id,"
      + " element_id, facts, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)";
  private static final String DUE = "SELECT id FROM jobnet_mail_outbox WHERE state = 'PENDING' AND next_attempt_at <= ?"
      + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY";
  private static final String CLAIM = "UPDATE jobnet_mail_outbox SET lease_owner = ?, lease_until = ?,"
      + " attempts = attempts + 1 WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ?"
      + " AND (lease_until IS NULL OR lease_until < ?)";
  private static final String FINISH = "UPDATE jobnet_mail_outbox SET state = ?, recipients = ?, last_error = ?,"
      + " finished_at = ?, lease_until = NULL WHERE id = ? AND state = 'PENDING' AND lease_owner = ?";
  private static final String POSTPONE = "UPDATE jobnet_mail_outbox SET next_attempt_at = ?, last_error = ?,"
      + " lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'PENDING' AND lease_owner = ?";
  private static final String SELECT = "SELECT id, event_id, kind, root_run_id, run_id, element_id, facts, state,"
      + " attempts, next_attempt_at, lease_owner, last_error, recipients, created_at, finished_at"
      + " FROM jobnet_mail_outbox";
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final RowMapper<OutboxMail> rows;

  OutboxTable(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.rows = (rs, i) -> new OutboxMail(rs.getLong(1), rs.getLong(2), MailKind.valueOf(rs.getString(3)),
        rs.getString(4), rs.getString(5), rs.getString(6), parse(rs.getString(7)), OutboxState.valueOf(rs.getString(8)),
        rs.getInt(9), instant(rs.getTimestamp(10)), rs.getString(11), rs.getString(12), rs.getString(13),
        instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)));
  }

  /**
   * Adds a mail due now, on the caller's transaction. One event has at most one mail of a kind (a
   * unique key): a second one is a bug, and fails the transaction.
   */
  public void add(long eventId, MailKind kind, String rootRunId, String runId, String elementId,
      Map<String, Object> facts, Instant now) {
    jdbc.update(INSERT, eventId, kind.name(), rootRunId, runId, elementId, write(facts), Timestamp.from(now),
        Timestamp.from(now));
  }

  /** How many mails are in each state (by the state's name); states without mails are left out. */
  public Map<String, Long> countByState() {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.query("SELECT state, COUNT(*) FROM jobnet_mail_outbox GROUP BY state",
        (RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
    return counts;
  }

  /** Ids of mails due and not leased, oldest first. */
  public List<Long> due(Instant now, int limit) {
    Timestamp t = Timestamp.from(now);
    return jdbc.queryForList(DUE, Long.class, t, t, limit);
  }

  /** Leases a due mail to {@code owner} until {@code until}, counting an attempt; false if another node has it. */
  public boolean claim(long id, String owner, Instant now, Instant until) {
    Timestamp t = Timestamp.from(now);
    return jdbc.update(CLAIM, owner, Timestamp.from(until), id, t, t) == 1;
  }

  /**
   * Ends a mail {@code owner} holds in a final state, leaving its name on the row (who sent it);
   * false if it no longer holds it.
   */
  public boolean finish(long id, String owner, OutboxState state, String recipients, String error, Instant now) {
    if (!OutboxState.PENDING.canBecome(state)) {
      throw new IllegalArgumentException("a mail cannot end " + state);
    }
    return jdbc.update(FINISH, state.name(), recipients, error == null ? null : cut(error), Timestamp.from(now), id,
        owner) == 1;
  }

  /** Gives up the lease of a mail after a failed send, to be tried again at {@code next}. */
  public boolean postpone(long id, String owner, Instant next, String error) {
    return jdbc.update(POSTPONE, Timestamp.from(next), cut(error), id, owner) == 1;
  }

  public Optional<OutboxMail> find(long id) {
    return jdbc.query(SELECT + " WHERE id = ?", rows, id).stream().findFirst();
  }

  /** The mails of a root run, oldest first (operators, tests). */
  public List<OutboxMail> ofRun(String rootRunId) {
    return jdbc.query(SELECT + " WHERE root_run_id = ? ORDER BY id", rows, rootRunId);
  }

  private String write(Map<String, Object> facts) {
    try {
      String text = json.writeValueAsString(facts);
      return text.length() <= 8000 ? text : json.writeValueAsString(Map.of("message", cut(String.valueOf(
          facts.get("message")))));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("mail facts that are no JSON: " + facts.keySet(), e);
    }
  }

  private Map<String, Object> parse(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, MAP);
    } catch (JsonProcessingException e) {
      return Map.of("message", text);
    }
  }

  private static String cut(String s) {
    return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
