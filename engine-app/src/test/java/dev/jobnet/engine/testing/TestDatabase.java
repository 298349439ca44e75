package dev.jobnet.engine.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The database of one test JVM: a PostgreSQL database created for it on the machine's server (and
 * dropped when the JVM ends), or an in-memory H2 one. Chosen with {@code -Djobnet.test.db=postgres|h2}
 * (default h2); the server with {@code -Djobnet.test.pg.url} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/}) and {@code -Djobnet.test.pg.user} (default postgres).
 */
public final class TestDatabase {

  public enum Kind { H2, POSTGRES }

  private static TestDatabase shared;

  private final Kind kind;
  private final String name;
  private final String url;
  private final String user;
  private final String password;

  private TestDatabase(Kind kind, String name, String url, String user, String password) {
    this.kind = kind;
    this.name = name;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public static Kind configuredKind() {
    return Kind.valueOf(System.getProperty("jobnet.test.db", "h2").toUpperCase(Locale.ROOT));
  }

  /** The database this JVM's tests share, created on first use. */
  public static synchronized TestDatabase shared() {
    if (shared == null) {
      shared = create(configuredKind());
    }
    return shared;
  }

  /** A new, empty database of the given kind. */
  public static TestDatabase create(Kind kind) {
    String name = "jobnet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    if (kind == Kind.H2) {
      return new TestDatabase(kind, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
    String server = System.getProperty("jobnet.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
    String user = System.getProperty("jobnet.test.pg.user", "postgres");
    String password = System.getProperty("jobnet.test.pg.password", "");
    execute(server + "postgres", user, password, "CREATE DATABASE " + name);
    TestDatabase db = new TestDatabase(kind, name, server + name, user, password);
    Runtime.getRuntime().addShutdownHook(new Thread(db::drop, "drop-" + name));
    return db;
  }

  public Kind kind() {
    return kind;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** Drops a PostgreSQL database, closing whatever connections are left. */
  public void drop() {
    if (kind == Kind.POSTGRES) {
      String server = url.substring(0, url.length() - name.length());
      execute(server + "postgres", user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static void execute(String url, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + url + " as " + user
          + " (is PostgreSQL running at 127.0.0.1:5432 with trust authentication? .ci/run starts one): "
          + e.getMessage(), e);
    }
  }
}
