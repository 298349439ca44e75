package dev.jobnet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stale or missing jar stops the system tests with what to do, instead of testing old code. */
class BuiltJarsTest {

  @TempDir
  Path repo;

  @Test
  void aJarNewerThanEverySourceIsTaken() throws Exception {
    Path source = file("engine-app/src/main/java/A.java", Instant.parse("2026-01-01T10:00:00Z"));
    Path jar = file("engine-app/target/app.jar", Instant.parse("2026-01-01T11:00:00Z"));
    assertThatCode(() -> BuiltJars.requireFresh("engine app", jar, List.of(source.getParent())))
        .doesNotThrowAnyException();
  }

  @Test
  void aJarOlderThanASourceFileIsRefusedNamingTheFileAndTheBuild() throws Exception {
    Path jar = file("engine-app/target/app.jar", Instant.parse("2026-01-01T10:00:00Z"));
    Path source = file("protocol/src/main/java/B.java", Instant.parse("2026-01-01T11:00:00Z"));
    assertThatThrownBy(() -> BuiltJars.requireFresh("engine app", jar, List.of(repo.resolve("engine-app/src/main"),
        repo.resolve("protocol/src/main"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is older than " + source)
        .hasMessageContaining("./mvnw -B -pl system-tests -am verify");
  }

  @Test
  void aMissingJarIsRefusedSayingHowToBuildIt() {
    Path jar = repo.resolve("worker-agent/target/agent.jar");
    assertThatThrownBy(() -> BuiltJars.requireFresh("agent", jar, List.of()))
        .hasMessage("no agent jar at " + jar + ": build it first with " + BuiltJars.BUILD);
    assertThat(Files.exists(jar)).isFalse();
  }

  private Path file(String path, Instant modified) throws Exception {
    Path f = repo.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "x");
    Files.setLastModifiedTime(f, FileTime.from(modified));
    return f;
  }
}
