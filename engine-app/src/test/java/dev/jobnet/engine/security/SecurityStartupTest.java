package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.EngineApplication;
import dev.jobnet.engine.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole app, started as an operator would start it: refused without an administrator password,
 * and in demo mode with a generated one. Each start has a database and a process engine name of its
 * own (not "default": the Spring Boot tests' engine lives in the same JVM).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityStartupTest {

  @TempDir
  Path dataDir;

  @Test
  void withoutAnAdministratorPasswordTheEngineRefusesToStart(CapturedOutput output) {
    // when / then
    assertThatThrownBy(() -> start(TestDatabase.create(TestDatabase.Kind.H2), "--jobnet.admin.password="))
        .hasRootCauseInstanceOf(InvalidSecurityConfigurationException.class)
        .rootCause().hasMessageContaining("JOBNET_ADMIN_PASSWORD").hasMessageContaining("JOBNET_ADMIN_USER");
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("No administrator password: set JOBNET_ADMIN_PASSWORD (and JOBNET_ADMIN_USER");
  }

  @Test
  void demoModeGeneratesThePasswordPrintsItOnceAndKeepsItAcrossRestarts(CapturedOutput output) throws Exception {
    // given
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
    String password;
    // when: the first start
    try (ConfigurableApplicationContext app = start(db, "--jobnet.demo=true", "--jobnet.admin.password=",
        "--jobnet.admin.user=demo")) {
      password = Files.readString(dataDir.resolve(DemoPasswordStore.FILE_NAME)).strip();
      // then
      assertThat(app.getBean(ProcessEngine.class).getIdentityService().checkPassword("demo", password)).isTrue();
    }
    assertThat(output).contains("User: demo Password: " + password);
    int printed = output.toString().length();
    // when: a restart on the same data directory and database
    try (ConfigurableApplicationContext app = start(db, "--jobnet.demo=true", "--jobnet.admin.password=",
        "--jobnet.admin.user=demo")) {
      // then
      assertThat(app.getBean(ProcessEngine.class).getIdentityService().checkPassword("demo", password)).isTrue();
    }
    assertThat(output.toString().substring(printed)).doesNotContain(password);
  }

  private ConfigurableApplicationContext start(TestDatabase db, String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--server.port=0",
        "--spring.datasource.url=" + db.url(),
        "--spring.datasource.username=" + db.user(),
        "--spring.datasource.password=" + db.password(),
        "--camunda.bpm.process-engine-name=startup" + UUID.randomUUID().toString().replace("-", ""),
        "--camunda.bpm.job-execution.enabled=false",
        "--jobnet.data-dir=" + dataDir,
        "--jobnet.definitions="));
    all.addAll(List.of(args));
    return SpringApplication.run(EngineApplication.class, all.toArray(String[]::new));
  }
}
