package db.migration;

import static db.migration.MigrationTesting.column;
import static db.migration.MigrationTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The upgrade to agent protocol 2 on a database with jobs in flight, and on a new one. */
class V9RetriesCountRunsLeftTest {

  @Test
  void jobsInTheirBackoffKeepTheirNextAttemptAndStuckOrFreshOnesStayAsTheyAre() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:v9-inflight;DB_CLOSE_DELAY=-1");
        Statement s = c.createStatement()) {
      // given: protocol 1's counts (retries left before the next attempt)
      s.execute("CREATE TABLE ACT_RU_EXT_TASK (ID_ VARCHAR(64), TOPIC_NAME_ VARCHAR(255), RETRIES_ INTEGER)");
      s.execute("INSERT INTO ACT_RU_EXT_TASK VALUES ('backoff', 'jobnet.default', 4), ('fresh', 'jobnet.default', NULL),"
          + " ('stuck', 'jobnet.db-1', 0), ('plain', 'invoices', 2)");
      s.execute("CREATE TABLE jobnet_stuck (external_task_id VARCHAR(64), retries_before INTEGER)");
      s.execute("INSERT INTO jobnet_stuck VALUES ('a', 3), ('b', NULL)");
      // when
      new V9__retries_count_runs_left().migrate(on(c));
      // then
      assertThat(column(s, "SELECT ID_ || '=' || COALESCE(CAST(RETRIES_ AS VARCHAR), 'null') FROM ACT_RU_EXT_TASK"
          + " ORDER BY ID_")).containsExactly("backoff=5", "fresh=null", "plain=2", "stuck=0");
      assertThat(column(s, "SELECT external_task_id || '=' || COALESCE(CAST(retries_before AS VARCHAR), 'null')"
          + " FROM jobnet_stuck ORDER BY 1")).containsExactly("a=4", "b=null");
    }
  }

  @Test
  void aNewDatabaseWithoutCamundasTablesIsLeftAlone() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:v9-new;DB_CLOSE_DELAY=-1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE jobnet_stuck (external_task_id VARCHAR(64), retries_before INTEGER)");
      new V9__retries_count_runs_left().migrate(on(c));
      assertThat(column(s, "SELECT COUNT(*) FROM jobnet_stuck")).containsExactly("0");
    }
  }
}
