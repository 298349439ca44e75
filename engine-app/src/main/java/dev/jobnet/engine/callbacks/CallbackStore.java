package dev.jobnet.engine.callbacks;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows of {@code jobnet_http_callback}: one per attempt of an http job with {@code callback: true},
 * keyed by its callback URL's token (32 random bytes, base64url). A row's state moves only forward
 * ({@link CallbackState}), each move a compare-and-set, so that two callbacks (or a callback and the
 * timeout) racing on two nodes decide an attempt once.
 */
@Component
class CallbackStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcTemplate jdbc;

  CallbackStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One attempt's callback. */
  record Row(String token, String taskId, int attempt, String processInstanceId, String activityId,
      CallbackState state, Instant createdAt, Instant deadline, Instant decidedAt, String message) {}

  /** The attempt's row, written now if it has none yet (also when another node writes it at the same moment). */
  Row registered(String taskId, int attempt, String processInstanceId, String activityId, Instant now) {
    Optional<Row> existing = of(taskId, attempt);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    try {
      jdbc.update("INSERT INTO jobnet_http_callback (token, external_task_id, attempt, process_instance_id,"
          + " activity_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", token, taskId, attempt, processInstanceId,
          activityId, CallbackState.REGISTERED.name(), Timestamp.from(now));
    } catch (DuplicateKeyException e) {
      // registered at the same moment by a request sent again to another node: that one stands
    }
    return of(taskId, attempt).orElseThrow();
  }

  Optional<Row> of(String taskId, int attempt) {
    return jdbc.query("SELECT * FROM jobnet_http_callback WHERE external_task_id = ? AND attempt = ?", CallbackStore::row,
        taskId, attempt).stream().findFirst();
  }

  Optional<Row> byToken(String token) {
    return jdbc.query("SELECT * FROM jobnet_http_callback WHERE token = ?", CallbackStore::row, token).stream()
        .findFirst();
  }

  /** The rows the engine waits on. */
  List<Row> waiting() {
    return jdbc.query("SELECT * FROM jobnet_http_callback WHERE state = ?", CallbackStore::row,
        CallbackState.WAITING.name());
  }

  /** Moves a row to {@code next} with its deadline; false when another request moved it first. */
  boolean waiting(String token, Instant deadline) {
    return jdbc.update("UPDATE jobnet_http_callback SET state = ?, deadline = ? WHERE token = ? AND state = ?",
        CallbackState.WAITING.name(), deadline == null ? null : Timestamp.from(deadline), token,
        CallbackState.REGISTERED.name()) == 1;
  }

  /** Moves a row to a final state; false when another request (or node) decided it first. */
  boolean decide(String token, CallbackState next, String message, Instant now) {
    List<String> from = CallbackState.before(next).stream().map(Enum::name).toList();
    String in = String.join(",", from.stream().map(s -> "?").toList());
    Object[] args = new Object[4 + from.size()];
    args[0] = next.name();
    args[1] = Timestamp.from(now);
    args[2] = message == null ? null : message.length() > 4000 ? message.substring(0, 4000) : message;
    args[3] = token;
    for (int i = 0; i < from.size(); i++) {
      args[4 + i] = from.get(i);
    }
    return jdbc.update("UPDATE jobnet_http_callback SET state = ?, decided_at = ?, message = ? WHERE token = ?"
        + " AND state IN (" + in + ")", args) == 1;
  }

  /**
   * Forgets the rows of attempts decided before {@code before}, and those registered before it and never
   * handed over (their backend refused the request, or their agent stopped before its answer).
   */
  int forgetBefore(Instant before) {
    return jdbc.update("DELETE FROM jobnet_http_callback WHERE (decided_at IS NOT NULL AND decided_at < ?)"
        + " OR (state = ? AND created_at < ?)", Timestamp.from(before), CallbackState.REGISTERED.name(),
        Timestamp.from(before));
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getString("token"), rs.getString("external_task_id"), rs.getInt("attempt"),
        rs.getString("process_instance_id"), rs.getString("activity_id"), CallbackState.valueOf(rs.getString("state")),
        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("deadline")),
        instant(rs.getTimestamp("decided_at")), rs.getString("message"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
