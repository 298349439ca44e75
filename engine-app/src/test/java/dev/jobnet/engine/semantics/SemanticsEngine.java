package dev.jobnet.engine.semantics;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.flywaydb.core.Flyway;

/**
 * A Camunda engine with the jobnet semantics plugin on in-memory H2 (a database of its own), our
 * tables migrated by Flyway as in the app, job executor off: tests run asynchronous joins themselves.
 */
final class SemanticsEngine {

  private static SemanticsEngine instance;

  private final String url;
  private final ProcessEngine engine;

  private SemanticsEngine() {
    String name = "jobnet-semantics-" + UUID.randomUUID();
    url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
    StandaloneInMemProcessEngineConfiguration config = new StandaloneInMemProcessEngineConfiguration();
    config.setProcessEngineName(name);
    config.setJdbcUrl(url);
    config.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    config.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
    config.setJobExecutorActivate(false);
    config.setEnforceHistoryTimeToLive(true);
    config.getProcessEnginePlugins().add(new JobnetSemanticsPlugin());
    engine = config.buildProcessEngine();
    Runtime.getRuntime().addShutdownHook(new Thread(engine::close, name + "-close"));
  }

  static synchronized SemanticsEngine get() {
    if (instance == null) {
      instance = new SemanticsEngine();
    }
    return instance;
  }

  /** The database's JDBC URL (user {@code sa}, no password), for other clients. */
  String url() {
    return url;
  }

  ProcessEngine engine() {
    return engine;
  }

  ProcessEngineConfigurationImpl configuration() {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  /** The recorded states of one process instance, element id to state, as committed. */
  Map<String, String> states(String processInstanceId) {
    Map<String, String> result = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement ps = c.prepareStatement(
            "SELECT element_id, state FROM jobnet_node_state WHERE process_instance_id = ? ORDER BY element_id")) {
      ps.setString(1, processInstanceId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getString(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return result;
  }

  /** Runs one statement in a transaction of its own, as another client of the database would. */
  void update(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(url, "sa", ""); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The recorded reason of one node. */
  String reason(String processInstanceId, String elementId) {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement ps = c.prepareStatement(
            "SELECT reason FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?")) {
      ps.setString(1, processInstanceId);
      ps.setString(2, elementId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
