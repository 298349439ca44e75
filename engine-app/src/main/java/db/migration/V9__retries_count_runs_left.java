package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Agent protocol 2 ({@code docs/agent-protocol.md}): a jobnet task's engine retries are the runs left,
 * the next one included, where protocol 1 counted the retries left before it. The jobs waiting in
 * their backoff when the engine app is upgraded get one more, so that their next attempt keeps its
 * number and its retries; so do the retries the watchdog saved for a STUCK state it may withdraw.
 * Tasks at 0 (an incident: STUCK) stay as they are. A new database has no Camunda tables yet when
 * this runs (Camunda creates them after): nothing to do then.
 */
public class V9__retries_count_runs_left extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      if (CamundaTables.exist(connection.getMetaData(), "ACT_RU_EXT_TASK")) {
        statement.executeUpdate("UPDATE ACT_RU_EXT_TASK SET RETRIES_ = RETRIES_ + 1"
            + " WHERE RETRIES_ IS NOT NULL AND RETRIES_ > 0 AND TOPIC_NAME_ LIKE 'jobnet.%'");
      }
      statement.executeUpdate("UPDATE jobnet_stuck SET retries_before = retries_before + 1"
          + " WHERE retries_before IS NOT NULL AND retries_before > 0");
    }
  }
}
