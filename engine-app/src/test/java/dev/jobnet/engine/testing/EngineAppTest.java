package dev.jobnet.engine.testing;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the Spring Boot tests of the engine app: the whole app on a random port, on the test JVM's
 * database ({@link TestDatabase}: PostgreSQL or H2, chosen by the build), with an administrator
 * {@link #ADMIN} / {@link #ADMIN_PASSWORD}, and no definitions deployed at start-up unless a test
 * says otherwise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "jobnet.admin.user=" + EngineAppTest.ADMIN,
    "jobnet.admin.password=" + EngineAppTest.ADMIN_PASSWORD,
    "jobnet.admin.email=admin@example.test",
    "jobnet.definitions=",
    "jobnet.history.days=" + EngineAppTest.HISTORY_DAYS,
    "camunda.bpm.job-execution.wait-time-in-millis=200",
    "camunda.bpm.job-execution.max-wait=1000"})
public abstract class EngineAppTest {

  public static final String ADMIN = "test-admin";
  public static final String ADMIN_PASSWORD = "test-admin-secret";
  /** Not the converter's default of 30, so tests see the engine's setting win. */
  public static final int HISTORY_DAYS = 9;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase db = TestDatabase.shared();
    registry.add("spring.datasource.url", db::url);
    registry.add("spring.datasource.username", db::user);
    registry.add("spring.datasource.password", db::password);
    registry.add("jobnet.data-dir", () -> System.getProperty("java.io.tmpdir") + "/jobnet-test-data");
  }
}
