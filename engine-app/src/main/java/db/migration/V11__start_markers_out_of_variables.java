package db.migration;

import dev.jobnet.engine.jobs.StartMarker;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Optional;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The start markers of jobs running when the engine app is upgraded move from the Camunda variable
 * {@code jobnetStartMarker} (on the task's execution) into {@code jobnet_start_marker} (V10), so that
 * the guard and the watchdog still know who started them; the variables go. Their history stays as it
 * was. A new database has no Camunda tables yet when this runs: nothing to do then.
 */
public class V11__start_markers_out_of_variables extends BaseJavaMigration {

  private static final String MARKERS = "SELECT t.ID_, t.EXECUTION_ID_, t.PROC_INST_ID_, v.TEXT_"
      + " FROM ACT_RU_VARIABLE v JOIN ACT_RU_EXT_TASK t ON t.EXECUTION_ID_ = v.EXECUTION_ID_"
      + " WHERE v.NAME_ = 'jobnetStartMarker' AND v.TEXT_ IS NOT NULL";

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    DatabaseMetaData meta = connection.getMetaData();
    if (!CamundaTables.exist(meta, "ACT_RU_VARIABLE") || !CamundaTables.exist(meta, "ACT_RU_EXT_TASK")) {
      return;
    }
    try (Statement select = connection.createStatement();
        ResultSet rs = select.executeQuery(MARKERS);
        PreparedStatement insert = connection.prepareStatement("INSERT INTO jobnet_start_marker (external_task_id,"
            + " execution_id, process_instance_id, agent, attempt, started_at, second_agent, second_attempt, second_at,"
            + " second_retries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      while (rs.next()) {
        Optional<StartMarker> parsed;
        try {
          parsed = StartMarker.parse(rs.getString(4));
        } catch (IllegalStateException unreadable) {
          continue; // never a marker the guard could read: nothing to keep
        }
        if (parsed.isEmpty()) {
          continue;
        }
        StartMarker m = parsed.get();
        insert.setString(1, rs.getString(1));
        insert.setString(2, rs.getString(2));
        insert.setString(3, rs.getString(3));
        insert.setString(4, m.agent());
        insert.setInt(5, m.attempt());
        insert.setTimestamp(6, Timestamp.from(m.startedAt()));
        StartMarker.SecondStart s = m.secondStart();
        insert.setString(7, s == null ? null : s.agent());
        insert.setObject(8, s == null ? null : s.attempt(), java.sql.Types.INTEGER);
        insert.setTimestamp(9, s == null ? null : Timestamp.from(s.at()));
        insert.setObject(10, s == null ? null : s.retries(), java.sql.Types.INTEGER);
        insert.executeUpdate();
      }
    }
    try (Statement delete = connection.createStatement()) {
      delete.executeUpdate("DELETE FROM ACT_RU_VARIABLE WHERE NAME_ = 'jobnetStartMarker'");
    }
  }

}
