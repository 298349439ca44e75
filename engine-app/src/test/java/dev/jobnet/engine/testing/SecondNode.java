package dev.jobnet.engine.testing;

import dev.jobnet.engine.EngineApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the engine app once more in this JVM, on the test database, as a second node or a restart
 * does: with the given definitions folder, on a random port. Arguments on the command line, so that they
 * win over {@code application.yaml}.
 */
public final class SecondNode {

  private SecondNode() {}

  /**
   * @param engineName a name of its own: closing this app must not unregister the test context's engine
   *     {@code default}
   * @param more further {@code --key=value} arguments
   * @throws RuntimeException when it does not start
   */
  public static ConfigurableApplicationContext start(String engineName, Path definitions, String... more) {
    return start(TestDatabase.shared(), List.of(), engineName, definitions, more);
  }

  /**
   * The same on database {@code db}, with further configuration classes (their {@code @Primary} beans win
   * over the app's, e.g. a settable clock).
   */
  public static ConfigurableApplicationContext start(TestDatabase db, List<Class<?>> configurations,
      String engineName, Path definitions, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        // Without Cockpit: its filters keep the application context in a static field, which an app that
        // fails to start (or is closed) here would leave behind for the test contexts after it.
        "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "--spring.main.banner-mode=off",
        "--camunda.bpm.process-engine-name=" + engineName,
        "--camunda.bpm.job-execution.enabled=false",
        "--jobnet.admin.user=" + EngineAppTest.ADMIN,
        "--jobnet.admin.password=" + EngineAppTest.ADMIN_PASSWORD,
        "--spring.datasource.url=" + db.url(),
        "--spring.datasource.username=" + db.user(),
        "--spring.datasource.password=" + db.password(),
        "--jobnet.data-dir=" + System.getProperty("java.io.tmpdir") + "/jobnet-test-data",
        "--jobnet.definitions=" + definitions));
    args.addAll(List.of(more));
    List<Class<?>> sources = new ArrayList<>(List.of(EngineApplication.class));
    sources.addAll(configurations);
    return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(args.toArray(String[]::new));
  }
}
