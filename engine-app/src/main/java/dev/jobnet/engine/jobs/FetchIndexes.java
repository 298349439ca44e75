package dev.jobnet.engine.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Indexes on Camunda's runtime tables that keep an agent's fetch as cheap with 10,000 jobs waiting as
 * with ten. An agent asks for the jobs that waited longest ({@code orderByCreateTime().asc()}, no
 * priorities): with {@code (TOPIC_NAME_, CREATE_TIME_)} (one server) or {@code (CREATE_TIME_)}
 * (several) PostgreSQL reads the waiting jobs in that order and stops at the fetch's size, where
 * Camunda's own indexes made it read and sort every waiting job of the topic (5 ms per fetch with
 * 1,600 waiting, in {@code docs/benchmarks.md}). {@code ACT_RU_VARIABLE (EXECUTION_ID_, TASK_ID_)}
 * answers the fetch's variable look-up ({@code EXECUTION_ID_ = ? AND TASK_ID_ IS NULL}) whatever the
 * table's statistics say: with statistics from a quiet moment, PostgreSQL read every variable through
 * the index on {@code TASK_ID_} instead.
 *
 * <p>Made after the engine has built its schema ({@code postProcessEngineBuild}: on a new database
 * Camunda's tables come after our Flyway migrations), with {@code CREATE INDEX IF NOT EXISTS}, so each
 * start of each engine app of a cluster may try. A database where the engine app may not create
 * indexes (a schema its administrators keep) works without them, slower under a backlog: the log
 * says which statements to run.
 */
@Component
public class FetchIndexes extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(FetchIndexes.class);

  /** The statements, in the order they are run. */
  static final List<String> STATEMENTS = List.of(
      "CREATE INDEX IF NOT EXISTS JOBNET_IDX_EXT_TASK_TOPIC_CREATED ON %sACT_RU_EXT_TASK (TOPIC_NAME_, CREATE_TIME_)",
      "CREATE INDEX IF NOT EXISTS JOBNET_IDX_EXT_TASK_CREATED ON %sACT_RU_EXT_TASK (CREATE_TIME_)",
      "CREATE INDEX IF NOT EXISTS JOBNET_IDX_VAR_EXE_TASK ON %sACT_RU_VARIABLE (EXECUTION_ID_, TASK_ID_)");

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    var configuration = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
        engine.getProcessEngineConfiguration());
    String prefix = configuration.getDatabaseTablePrefix() == null ? "" : configuration.getDatabaseTablePrefix();
    create(configuration.getDataSource(), prefix);
  }

  /** Creates each index that is missing; one that cannot be made is logged with its statement. */
  static void create(DataSource dataSource, String tablePrefix) {
    for (String template : STATEMENTS) {
      String sql = template.formatted(tablePrefix);
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
        }
        statement.execute(sql);
      } catch (SQLException e) {
        LOG.warn("could not create an index that keeps fetching jobs cheap under a backlog ({}); jobs still run,"
            + " but each fetch reads every waiting job. Have it created: {}", e.getMessage(), sql);
      }
    }
  }
}
