package dev.jobnet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A PostgreSQL server of the test's own: it answers, it can be stopped and started, and it leaves nothing. */
class PgServerTest {

  @Test
  void aServerOfItsOwnAnswersStopsStartsWithItsDataAndIsGoneWhenClosed() throws Exception {
    Path dir;
    try (PgServer server = PgServer.create()) {
      // it answers, and keeps what was written across a stop and a start
      execute(server, "CREATE TABLE kept (v INTEGER); INSERT INTO kept VALUES (42)");
      server.stop();
      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(() -> execute(server, "SELECT 1")).isInstanceOf(SQLException.class);
      server.start();
      try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
          Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
      dir = dataDirectoryOf(server);
      assertThat(Files.isDirectory(dir)).isTrue();
    }
    // closed: stopped and deleted
    assertThat(Files.exists(dir)).isFalse();
  }

  private static Path dataDirectoryOf(PgServer server) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW data_directory")) {
      rs.next();
      return Path.of(rs.getString(1)).getParent();
    }
  }

  private static void execute(PgServer server, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
