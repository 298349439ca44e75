package dev.jobnet.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.TestUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code ./jobnet deploy} as users run it: the launcher script as a real process (it compiles the deploy
 * command with javac on first use), against this test's engine app.
 */
class DeployLauncherAppTest extends DeploymentApiTestBase {

  /** The repository root: Maven runs the tests in {@code engine-app/}. */
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @LocalServerPort
  int port;

  Path work;

  @BeforeEach
  void workingDirectory() throws IOException {
    work = Files.createTempDirectory("jobnet-deploy-cli");
  }

  @Test
  void deploysTheFilesAndPrintsTheNewVersions() throws Exception {
    // given
    String main = unique("cli-main");
    String lib = unique("cli-lib");
    write("jobnets/main.yaml", expanding(main, lib));
    write("jobnets/lib.yaml", root(lib));
    // when
    Run run = deploy(ADMIN, ADMIN_PASSWORD, "jobnets");
    // then
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).containsExactly(
        "deployed " + lib + " version 1 (" + latestId(lib) + ")",
        "deployed " + main + " version 1 (" + latestId(main) + ")");
    assertThat(run.err()).singleElement().asString()
        .startsWith("jobnet: 2 root jobnet(s) deployed, 0 unchanged, from 2 file(s); deployment ");
    // when: the same again
    Run again = deploy(ADMIN, ADMIN_PASSWORD, "jobnets/main.yaml", "jobnets/lib.yaml");
    // then
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).containsExactly(
        "unchanged " + lib + " version 1 (" + latestId(lib) + ")",
        "unchanged " + main + " version 1 (" + latestId(main) + ")");
    assertThat(again.err()).singleElement().asString().endsWith("; nothing new was deployed");
  }

  @Test
  void deploysBpmnDrawnInModelerWithTheYamlItExpandsAndPrintsItsFindingsLocated() throws Exception {
    // given: bpmn/modeler-drawn.bpmn under ids of this test, expanding a YAML root of the same folder
    String drawn = unique("cli-drawn");
    String lib = unique("cli-drawn-lib");
    String bpmn = java.nio.file.Files.readString(java.nio.file.Path.of("..", "bpmn", "modeler-drawn.bpmn"))
        .replace("modeler-drawn", drawn).replace("calledElement=\"job-test\"", "calledElement=\"" + lib + "\"");
    write("flows/drawn.bpmn", bpmn);
    write("flows/lib.yaml", root(lib));
    write("broken/drawn.bpmn", bpmn.replace("calledElement=\"" + lib + "\"", "calledElement=\"" + lib + "x\""));
    // when
    Run run = deploy(ADMIN, ADMIN_PASSWORD, "flows");
    Run broken = deploy(ADMIN, ADMIN_PASSWORD, "broken");
    // then
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).containsExactlyInAnyOrder(
        "deployed " + drawn + " version 1 (" + latestId(drawn) + ")",
        "deployed " + lib + " version 1 (" + latestId(lib) + ")");
    assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
    assertThat(broken.out()).singleElement().asString()
        .matches("broken/drawn\\.bpmn:\\d+:5: JN401 expansion 'Activity_1expand' names the root jobnet '" + lib
            + "x', which is neither in these files nor deployed; did you mean '" + lib + "'\\?");
  }

  @Test
  void printsEveryFindingLocatedAndExits1() throws Exception {
    // given
    String id = unique("cli-cycle");
    write("cycle.yaml", """
        jobnets:
          %s:
            jobs:
              a: { run: a.sh, next: b }
              b: { run: b.sh, next: a }
        """.formatted(id));
    write("ok.yaml", root(unique("cli-ok")));
    // when
    Run run = deploy(ADMIN, ADMIN_PASSWORD, "cycle.yaml", "ok.yaml");
    // then
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).containsExactly(
        "cycle.yaml:4:7: JN302 cycle among 'next' edges: a -> b -> a; remove one of these 'next' entries");
    assertThat(run.err()).containsExactly(
        "jobnet: 1 finding(s) in 1 file(s); nothing was deployed. Codes are explained in docs/findings.md.");
    assertThat(versions(id)).isZero();
  }

  @Test
  void wrongCredentialsAndMissingPermissionsExit2WithWhatToDo() throws Exception {
    // given
    write("x.yaml", root(unique("cli-denied")));
    String user = TestUsers.withoutPermissions(engine);
    // when: a wrong password for a user of its own (the engine delays a user's next login after a failed one)
    Run wrongPassword = deploy(TestUsers.withoutPermissions(engine), "wrong", "x.yaml");
    Run notAllowed = deploy(user, TestUsers.PASSWORD, "x.yaml");
    // then
    assertThat(wrongPassword.exit()).isEqualTo(2);
    assertThat(String.join("\n", wrongPassword.err())).contains("(401)", "JOBNET_USER and JOBNET_PASSWORD");
    assertThat(notAllowed.exit()).isEqualTo(2);
    assertThat(String.join("\n", notAllowed.err())).contains("user '" + user + "' may not deploy (403)", "DEPLOYMENT");
  }

  private String latestId(String key) {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
        .singleResult().getId();
  }

  private void write(String name, String text) throws IOException {
    Path file = work.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private Run deploy(String user, String password, String... files) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("jobnet").toString(), "deploy"));
    command.addAll(List.of(files));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("JOBNET_"));
    env.put("JOBNET_URL", "http://localhost:" + port);
    env.put("JOBNET_USER", user);
    env.put("JOBNET_PASSWORD", password);
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("./jobnet deploy did not end within 2 minutes; stderr: " + Files.readString(err));
    }
    return new Run(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
  }

  /** How a launcher run ended. */
  record Run(int exit, List<String> out, List<String> err) {}
}
