package db.migration;

import static db.migration.MigrationTesting.column;
import static db.migration.MigrationTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The upgrade from agent protocol 2 on a database with jobs in flight, and on a new one. */
class V11StartMarkersOutOfVariablesTest {

  private static void markerTable(Statement s) throws Exception {
    try (var in = V11StartMarkersOutOfVariablesTest.class
        .getResourceAsStream("/db/migration/V10__jobnet_start_marker.sql")) {
      s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theMarkersOfRunningJobsMoveAndTheVariablesGo() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:v11-inflight;DB_CLOSE_DELAY=-1");
        Statement s = c.createStatement()) {
      // given: two started jobs (one the guard made STUCK), a job not started, an unreadable marker, another variable
      markerTable(s);
      s.execute("CREATE TABLE ACT_RU_EXT_TASK (ID_ VARCHAR(64), EXECUTION_ID_ VARCHAR(64), PROC_INST_ID_ VARCHAR(64))");
      s.execute("INSERT INTO ACT_RU_EXT_TASK VALUES ('t1', 'e1', 'p1'), ('t2', 'e2', 'p2'), ('t3', 'e3', 'p3'),"
          + " ('t4', 'e4', 'p4')");
      s.execute("CREATE TABLE ACT_RU_VARIABLE (ID_ VARCHAR(64), NAME_ VARCHAR(255), EXECUTION_ID_ VARCHAR(64),"
          + " TEXT_ VARCHAR(4000))");
      s.execute("INSERT INTO ACT_RU_VARIABLE VALUES"
          + " ('v1', 'jobnetStartMarker', 'e1', '{\"agent\":\"a-1\",\"attempt\":2,\"startedAt\":\"2026-12-01T02:00:00Z\"}'),"
          + " ('v2', 'jobnetStartMarker', 'e2', '{\"agent\":\"a-1\",\"attempt\":1,\"startedAt\":\"2026-12-01T02:00:00Z\","
          + "\"secondStart\":{\"agent\":\"a-2\",\"attempt\":1,\"at\":\"2026-12-01T02:01:00Z\",\"retries\":6}}'),"
          + " ('v4', 'jobnetStartMarker', 'e4', 'not json'),"
          + " ('v5', 'jobnetAttemptOffset', 'e3', NULL)");
      // when
      new V11__start_markers_out_of_variables().migrate(on(c));
      // then
      assertThat(column(s, "SELECT external_task_id || ' ' || execution_id || ' ' || process_instance_id || ' '"
          + " || agent || ' ' || attempt || ' ' || COALESCE(second_agent, '-') || ' '"
          + " || COALESCE(CAST(second_retries AS VARCHAR), '-') FROM jobnet_start_marker ORDER BY 1"))
          .containsExactly("t1 e1 p1 a-1 2 - -", "t2 e2 p2 a-1 1 a-2 6");
      assertThat(column(s, "SELECT ID_ FROM ACT_RU_VARIABLE ORDER BY 1")).containsExactly("v5");
    }
  }

  @Test
  void aNewDatabaseWithoutCamundasTablesIsLeftAlone() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:v11-new;DB_CLOSE_DELAY=-1");
        Statement s = c.createStatement()) {
      markerTable(s);
      new V11__start_markers_out_of_variables().migrate(on(c));
      assertThat(column(s, "SELECT COUNT(*) FROM jobnet_start_marker")).containsExactly("0");
    }
  }
}
