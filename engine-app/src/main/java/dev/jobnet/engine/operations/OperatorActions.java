package dev.jobnet.engine.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The history of operators' actions, in the transaction of the action itself. */
@Repository
public class OperatorActions {

  private final JdbcTemplate jdbc;

  OperatorActions(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One recorded action. */
  public record Entry(String rootInstanceId, String processInstanceId, String elementId, OperatorAction action,
      String reason, String actedBy, Instant actedAt) {}

  void record(Entry e) {
    jdbc.update("INSERT INTO jobnet_operator_action (id, root_instance_id, process_instance_id, element_id, action,"
        + " reason, acted_by, acted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(),
        e.rootInstanceId(), e.processInstanceId(), e.elementId(), e.action().name(),
        e.reason() == null ? null : e.reason().length() > 4000 ? e.reason().substring(0, 3997) + "..." : e.reason(),
        e.actedBy(), Timestamp.from(e.actedAt()));
  }

  /** The actions on a root run and everything in it, oldest first. */
  public List<Entry> ofRoot(String rootInstanceId) {
    return jdbc.query("SELECT root_instance_id, process_instance_id, element_id, action, reason, acted_by, acted_at"
        + " FROM jobnet_operator_action WHERE root_instance_id = ? ORDER BY acted_at, id",
        (rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), OperatorAction.valueOf(rs.getString(4)),
            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()), rootInstanceId);
  }
}
