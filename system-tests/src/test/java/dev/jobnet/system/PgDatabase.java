package dev.jobnet.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL database created for one test class and dropped afterwards: on the server at {@code
 * jobnet.test.pg.url} (default 127.0.0.1:5432, the production-like external server), or on a server
 * the test owns ({@link dev.jobnet.testing.PgServer}).
 */
final class PgDatabase implements AutoCloseable {

  static final String SERVER = System.getProperty("jobnet.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
  static final String USER = System.getProperty("jobnet.test.pg.user", "postgres");
  static final String PASSWORD = System.getProperty("jobnet.test.pg.password", "");

  final String name = "jobnet_sys_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private final String server;
  final String user;
  final String password;

  /** On the external server ({@code jobnet.test.pg.url}, {@code .user}, {@code .password}). */
  PgDatabase() {
    this(SERVER, USER, PASSWORD);
  }

  /** On the server at {@code serverUrl} ({@code jdbc:postgresql://host:port/}) as {@code user}. */
  PgDatabase(String serverUrl, String user, String password) {
    this.server = serverUrl;
    this.user = user;
    this.password = password;
    execute("CREATE DATABASE " + name);
  }

  String url() {
    return server + name;
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(server + "postgres", user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed on " + server + " (PostgreSQL with trust"
          + " authentication is needed; ./jobnet test starts or installs one): " + e.getMessage(), e);
    }
  }
}
