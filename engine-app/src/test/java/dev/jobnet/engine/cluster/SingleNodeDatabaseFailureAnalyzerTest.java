package dev.jobnet.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A second engine node on the embedded H2 file database of a running one: H2's real refusal, from a
 * database another process holds open, is reported as what it means and what to do.
 */
class SingleNodeDatabaseFailureAnalyzerTest {

  @TempDir
  Path dir;

  /** Another JVM that opens the H2 file database {@code args[0]} and holds it until its stdin closes. */
  public static final class HoldDatabase {
    public static void main(String[] args) throws Exception {
      try (var c = DriverManager.getConnection(args[0], "sa", "")) {
        System.out.println("open");
        System.out.flush();
        System.in.read();
      }
    }
  }

  @Test
  void aSecondNodeOnTheEmbeddedDatabaseIsToldThatItServesOneNodeAndWhatToDo() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("jobnet") + ";DB_CLOSE_ON_EXIT=FALSE";
    Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), HoldDatabase.class.getName(), url).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as("the first node has the database open").isEqualTo("open");
      SQLException refused = null;
      try (var c = DriverManager.getConnection(url, "sa", "")) {
        // opened: not expected
      } catch (SQLException e) {
        refused = e;
      }
      assertThat((Object) refused).as("H2 refuses a second process").isNotNull();
      FailureAnalysis analysis = new SingleNodeDatabaseFailureAnalyzer()
          .analyze(new BeanCreationException("flywayInitializer", "Unable to obtain connection", refused));
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription()).contains("open in another engine-app process").contains("one engine node");
      assertThat(analysis.getAction()).contains("JOBNET_DATA_DIR").contains("PostgreSQL").contains("docs/cluster.md");
    } finally {
      first.getOutputStream().close();
      if (!first.waitFor(10, TimeUnit.SECONDS)) {
        first.destroyForcibly();
      }
    }
  }

  @Test
  void otherDatabaseFailuresAreLeftToTheOtherAnalyzers() {
    SQLException other = new SQLException("connection refused", "08001", 0);
    assertThat(new SingleNodeDatabaseFailureAnalyzer().analyze(new RuntimeException(other))).isNull();
  }
}
