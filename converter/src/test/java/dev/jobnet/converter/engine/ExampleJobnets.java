package dev.jobnet.converter.engine;

import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.model.RootJobnet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The example jobnets of the repository ({@code bpmn/} beside the modules): every {@code *.yaml} and
 * {@code *.yml} below it, read as one set, as {@code ./jobnet convert bpmn} reads them. None yet is
 * fine: the tests over them then run zero times.
 */
final class ExampleJobnets {

  /** Surefire runs in the module directory and also says so in {@code basedir}. */
  static final Path DIR = Path.of(System.getProperty("basedir", ".")).resolve("../bpmn").toAbsolutePath().normalize();

  private ExampleJobnets() {}

  /** Paths relative to {@link #DIR}, sorted, as the names the tests and findings show. */
  static List<String> names() {
    if (!Files.isDirectory(DIR)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(DIR)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
          .map(p -> DIR.relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every example file, each named by its path relative to {@link #DIR}. */
  static List<SourceFile> all() {
    return names().stream().map(name -> {
      try {
        return new SourceFile(name, Files.readString(DIR.resolve(name)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }

  /** The ids of the root jobnets written in one example file, in written order. */
  static List<String> rootsOf(String file) {
    return new JobnetConverter().validate(all()).set().roots().stream()
        .filter(r -> r.location().file().equals(file)).map(RootJobnet::id).toList();
  }
}
