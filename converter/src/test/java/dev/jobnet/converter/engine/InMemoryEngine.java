package dev.jobnet.converter.engine;

import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;

/**
 * The one Camunda 7 engine the process tests of this module share: in-memory H2 under a name of its
 * own (so parallel builds never meet in one database), full history, job executor off (tests execute
 * asynchronous joins and timers themselves, so nothing happens behind their back), history time to
 * live enforced as in production. Built on first use, closed when the test JVM ends.
 *
 * <p>Programmatic rather than {@code camunda.cfg.xml}, so that the database name can be unique.
 */
final class InMemoryEngine {

  private static ProcessEngine engine;

  private InMemoryEngine() {}

  /** The JUnit 5 extension for a test class; deployments it manages are deleted after each test. */
  static ProcessEngineExtension extension() {
    return ProcessEngineExtension.builder().useProcessEngine(get()).build();
  }

  static synchronized ProcessEngine get() {
    if (engine == null) {
      String name = "jobnet-test-" + UUID.randomUUID();
      StandaloneInMemProcessEngineConfiguration config = new StandaloneInMemProcessEngineConfiguration();
      config.setProcessEngineName(name);
      config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
      config.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP);
      config.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
      config.setJobExecutorActivate(false);
      config.setEnforceHistoryTimeToLive(true);
      config.setJdbcMaxActiveConnections(20);
      engine = config.buildProcessEngine();
      ProcessEngine built = engine;
      Runtime.getRuntime().addShutdownHook(new Thread(built::close, name + "-close"));
    }
    return engine;
  }
}
