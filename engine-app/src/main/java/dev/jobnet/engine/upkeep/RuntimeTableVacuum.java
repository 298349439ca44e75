package dev.jobnet.engine.upkeep;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Vacuums and analyzes the hot runtime tables when {@link VacuumMode} says so (by default: on PostgreSQL
 * whose autovacuum is off, as on servers tuned for tests). Measured during a burst of 10,000 one-job
 * runs on such a server: no table was ever vacuumed, {@code ACT_RU_EXT_TASK} held thousands of dead
 * rows for a few hundred live ones, and each fetch cost 25 ms instead of a fraction of one. {@code
 * SKIP_LOCKED} lets several engine-app nodes run it at once, each skipping a table another is on; a
 * vacuum never blocks the engine's reads and writes. Decides once, at its first round, and logs the
 * decision.
 */
@Component
public class RuntimeTableVacuum {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeTableVacuum.class);

  /** Written and deleted (or updated) at every job, run or heartbeat; small at rest. */
  static final List<String> TABLES = List.of("ACT_RU_EXT_TASK", "ACT_RU_EXECUTION", "ACT_RU_VARIABLE",
      "ACT_RU_JOB", "ACT_RU_INCIDENT", "ACT_RU_EVENT_SUBSCR", "ACT_GE_BYTEARRAY", "jobnet_start_marker",
      "jobnet_running_key", "jobnet_node_state", "jobnet_agent", "jobnet_stuck", "jobnet_mail_outbox");

  private final DataSource dataSource;
  private final UpkeepProperties properties;
  /** The tables to vacuum, of those this database has; null until the first round decided, empty when it does not apply. */
  private List<String> tables;

  public RuntimeTableVacuum(DataSource dataSource, UpkeepProperties properties) {
    this.dataSource = dataSource;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${jobnet.upkeep.vacuum-interval:" + UpkeepProperties.DEFAULT_VACUUM_INTERVAL + "}",
      initialDelayString = "${jobnet.upkeep.vacuum-interval:" + UpkeepProperties.DEFAULT_VACUUM_INTERVAL + "}")
  void scheduled() {
    try {
      round();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("could not vacuum the runtime tables now ({}); trying again in {}", e.getMessage(),
          properties.vacuumInterval());
    }
  }

  /** One round: decides at the first (and finds the tables), then vacuums them if it applies. Whether it vacuumed. */
  synchronized boolean round() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (tables == null) {
        tables = decide(connection) ? existing(connection) : List.of();
      }
      if (tables.isEmpty()) {
        return false;
      }
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true); // VACUUM runs outside a transaction
      }
      try (Statement statement = connection.createStatement()) {
        for (String table : tables) {
          statement.execute("VACUUM (ANALYZE, SKIP_LOCKED) " + table);
        }
      }
      return true;
    }
  }

  private boolean decide(Connection connection) throws SQLException {
    boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    boolean autovacuumOn = postgres && autovacuumOn(connection);
    boolean decision = properties.vacuum().applies(postgres, autovacuumOn);
    if (decision) {
      LOG.info("vacuuming the runtime tables every {} (jobnet.upkeep.vacuum={}{})", properties.vacuumInterval(),
          properties.vacuum(), autovacuumOn ? "" : "; PostgreSQL's autovacuum is off: turn it on where you can");
    } else if (postgres && !autovacuumOn) {
      LOG.warn("PostgreSQL's autovacuum is off and jobnet.upkeep.vacuum={}: the runtime tables keep every dead row"
          + " until somebody vacuums them, and fetching jobs slows down with them", properties.vacuum());
    }
    return decision;
  }

  private static boolean autovacuumOn(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW autovacuum")) {
      return rs.next() && "on".equalsIgnoreCase(rs.getString(1));
    }
  }

  /** Those of {@link #TABLES} the database has (looked up once: tables do not come and go). */
  private static List<String> existing(Connection connection) throws SQLException {
    List<String> found = new java.util.ArrayList<>();
    for (String table : TABLES) {
      if (exists(connection, table)) {
        found.add(table);
      }
    }
    return List.copyOf(found);
  }

  private static boolean exists(Connection connection, String table) throws SQLException {
    try (ResultSet rs = connection.getMetaData().getTables(null, null, table.toLowerCase(Locale.ROOT),
        new String[] {"TABLE"})) {
      return rs.next();
    }
  }
}
