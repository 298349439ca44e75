package dev.jobnet.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A PostgreSQL database created for one test class on 127.0.0.1:5432 and dropped afterwards. */
final class PgDatabase implements AutoCloseable {

  static final String SERVER = System.getProperty("jobnet.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
  static final String USER = System.getProperty("jobnet.test.pg.user", "postgres");

  final String name = "jobnet_sys_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  PgDatabase() {
    execute("CREATE DATABASE " + name);
  }

  String url() {
    return SERVER + name;
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed (PostgreSQL at 127.0.0.1:5432 with trust"
          + " authentication is needed; ./jobnet test starts or installs one): " + e.getMessage(), e);
    }
  }
}
