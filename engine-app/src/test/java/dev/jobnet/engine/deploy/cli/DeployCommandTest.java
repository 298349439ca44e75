package dev.jobnet.engine.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy command without an engine: arguments, credentials, an engine that is not there. */
class DeployCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return new DeployCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutFilesItIsAUsageError() {
    // when
    int exit = run(Map.of("JOBNET_USER", "u", "JOBNET_PASSWORD", "p"));
    // then
    assertThat(exit).isEqualTo(DeployCommand.FAILURE);
    assertThat(err()).contains("name at least one jobnet file or directory", "usage: jobnet deploy");
  }

  @Test
  void withoutCredentialsItSaysWhichVariablesToSet() throws IOException {
    // given
    Files.writeString(dir.resolve("a.yaml"), "jobnets: {}");
    // when
    int exit = run(Map.of(), dir.resolve("a.yaml").toString());
    // then
    assertThat(exit).isEqualTo(DeployCommand.FAILURE);
    assertThat(err()).contains("no credentials", "JOBNET_USER and JOBNET_PASSWORD", "JOBNET_ADMIN_USER");
  }

  @Test
  void anEngineThatIsNotRunningIsNamedWithWhatToDo() throws IOException {
    // given: a port nobody listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.writeString(dir.resolve("a.yaml"), "jobnets: {}");
    // when
    int exit = run(Map.of("JOBNET_ADMIN_USER", "admin", "JOBNET_ADMIN_PASSWORD", "secret",
        "JOBNET_URL", "http://127.0.0.1:" + port), dir.resolve("a.yaml").toString());
    // then
    assertThat(exit).isEqualTo(DeployCommand.FAILURE);
    assertThat(err()).contains("cannot connect to the engine at http://127.0.0.1:" + port, "./jobnet engine", "JOBNET_URL");
  }

  @Test
  void unknownOptionsAndFoldersWithoutDefinitionsAreUsageErrors() throws IOException {
    // given
    Files.writeString(dir.resolve("notes.txt"), "not a definition");
    Map<String, String> env = Map.of("JOBNET_USER", "u", "JOBNET_PASSWORD", "p");
    // when / then
    assertThat(run(env, "--force", "x.yaml")).isEqualTo(DeployCommand.FAILURE);
    assertThat(err()).contains("unknown option '--force'");
    assertThat(run(env, dir.toString())).isEqualTo(DeployCommand.FAILURE);
    assertThat(err()).contains("no *.yaml, *.yml or *.bpmn files in");
  }

  @Test
  void theEndpointComesFromTheUrlWithTheTenantEncoded() {
    // when / then
    assertThat(DeployCommand.endpoint("http://engine:8080/", null)).hasToString("http://engine:8080/jobnet-api/deployments");
    assertThat(DeployCommand.endpoint("https://engine/jobnet", "a b")).hasToString(
        "https://engine/jobnet/jobnet-api/deployments?tenant=a%20b");
    assertThatThrownBy(() -> DeployCommand.endpoint("localhost:8080", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMultipartBodyHasOnePartPerFileWithItsName() {
    // given
    DeployCommand.Multipart multipart = new DeployCommand.Multipart();
    multipart.addFile("file", "dir/a \"b\".yaml", "jobnets: {}".getBytes(StandardCharsets.UTF_8));
    // when
    DeployCommand.Multipart.Body body = multipart.finish();
    // then
    String boundary = body.contentType().substring("multipart/form-data; boundary=".length());
    assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo("--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"dir/a %22b%22.yaml\"\r\n"
        + "Content-Type: application/yaml\r\n\r\njobnets: {}\r\n--" + boundary + "--\r\n");
  }

  /** The launcher compiles this package alone with javac: it may use the JDK and nothing else. */
  @Test
  void theCommandDependsOnTheJdkOnly() throws IOException {
    // given
    Path sources = Path.of("src/main/java/dev/jobnet/engine/deploy/cli");
    // when
    List<String> imports;
    try (Stream<Path> files = Files.list(sources)) {
      imports = files.flatMap(f -> {
        try {
          return Files.readAllLines(f).stream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).filter(line -> line.startsWith("import ")).toList();
    }
    // then
    assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line).matches("import (static )?java\\..*"));
  }
}
