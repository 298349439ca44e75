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
    sweepLeftovers(server, user, password);
    execute(server + "postgres", user, password, "CREATE DATABASE " + name);
    TestDatabase db = new TestDatabase(kind, name, server + name, user, password);
    Runtime.getRuntime().addShutdownHook(new Thread(db::dropWhenUnused, "drop-" + name));
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
      execute(server() + "postgres", user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /**
   * At JVM exit: waits (up to 20 s) until the application under test has closed its connections, as
   * its own shutdown hook closes it, then drops the database. Forcing the drop at once would pull
   * the connections from under an engine that is still shutting down.
   */
  void dropWhenUnused() {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    String sql = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + name + "'";
    try (Connection c = DriverManager.getConnection(server() + "postgres", user, password);
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (var rs = s.executeQuery(sql)) {
          rs.next();
          if (rs.getLong(1) == 0) {
            break;
          }
        }
        Thread.sleep(100);
      }
    } catch (SQLException e) {
      // the drop below says what is wrong
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drop();
  }

  /** Databases of earlier test runs that nobody uses any more (a run killed before its exit). */
  private static void sweepLeftovers(String server, String user, String password) {
    try (Connection c = DriverManager.getConnection(server + "postgres", user, password);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT d.datname FROM pg_database d WHERE d.datname LIKE 'jobnet_test_%'"
            + " AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)"
            + " AND (now() - pg_stat_file('base/' || d.oid || '/PG_VERSION').modification) > interval '30 minutes'")) {
      java.util.List<String> stale = new java.util.ArrayList<>();
      while (rs.next()) {
        stale.add(rs.getString(1));
      }
      for (String db : stale) {
        try (Statement drop = c.createStatement()) {
          drop.execute("DROP DATABASE IF EXISTS " + db); // not forced: refused if someone connected meanwhile
        } catch (SQLException e) {
          // in use after all: leave it
        }
      }
    } catch (SQLException e) {
      // sweeping is best effort; creating the database below reports real problems
    }
  }

  private String server() {
    return url.substring(0, url.length() - name.length());
  }

  private static void execute(String url, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + url + " as " + user
          + " (is PostgreSQL running at 127.0.0.1:5432 with trust authentication? ./jobnet test starts or installs one): "
          + e.getMessage(), e);
    }
  }
}
