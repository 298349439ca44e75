package dev.jobnet.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The jars the system tests run, checked before each start: a jar older than a source file it is
 * built from would test old code silently, so the test fails at once saying how to build it.
 */
final class BuiltJars {

  /** What the command that builds everything first runs. */
  static final String BUILD = "./mvnw -B -pl system-tests -am verify (the README's test command builds them too)";

  private static final Map<Path, Boolean> CHECKED = new ConcurrentHashMap<>();

  private BuiltJars() {}

  /** The engine app's jar, checked against the sources of the engine app, the converter and the protocol. */
  static Path engine(Path jar) {
    return checked("engine app", jar, "engine-app", "converter", "protocol");
  }

  /** The agent's jar, checked against the sources of the agent and the protocol. */
  static Path agent(Path jar) {
    return checked("agent", jar, "worker-agent", "protocol");
  }

  /** {@code jar} ({@code <repository>/<module>/target/x.jar}) when no source of {@code modules} is newer. */
  private static Path checked(String what, Path jar, String... modules) {
    if (CHECKED.containsKey(jar)) {
      return jar;
    }
    Path repository = jar.toAbsolutePath().getParent().getParent().getParent();
    requireFresh(what, jar, Stream.of(modules).map(m -> repository.resolve(m).resolve("src/main")).toList());
    CHECKED.put(jar, true);
    return jar;
  }

  /** Fails when {@code jar} is missing or older than a file under {@code sources}, naming it and the build. */
  static void requireFresh(String what, Path jar, List<Path> sources) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + what + " jar at " + jar + ": build it first with " + BUILD);
    }
    FileTime built = modified(jar);
    Optional<Path> newer = sources.stream().filter(Files::isDirectory).flatMap(BuiltJars::files)
        .filter(f -> modified(f).compareTo(built) > 0).findFirst();
    newer.ifPresent(f -> {
      throw new IllegalStateException("the " + what + " jar " + jar + " (built " + built + ") is older than " + f
          + " (changed " + modified(f) + "): the tests would run old code. Build it first with " + BUILD);
    });
  }

  private static Stream<Path> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
