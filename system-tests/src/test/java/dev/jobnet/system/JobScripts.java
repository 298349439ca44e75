package dev.jobnet.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Job commands for the system tests: POSIX sh scripts that record every run (attempt, root id,
 * ancestor ids, the {@code file} parameter) in {@code <name>.runs} and their pid in {@code <name>.pid},
 * then do what the test says.
 */
final class JobScripts {

  private JobScripts() {}

  static Path script(Path dir, String name, String body) throws IOException {
    Path s = dir.resolve(name);
    Files.writeString(s, "#!/bin/sh\n"
        + "echo \"$JOBNET_ATTEMPT $MM_ROOT_JOBNET_ID $MM_ACTUAL_JOB_ANCESTOR_IDS ${JOBNET_PARAM_FILE:-}\" >> "
        + dir.resolve(name + ".runs") + "\n"
        + "echo $$ > " + dir.resolve(name + ".pid") + "\n" + body + "\n");
    if (!s.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + s + " executable");
    }
    return s;
  }

  /** One line per run of the script so far. */
  static List<String> runs(Path dir, String name) throws IOException {
    Path f = dir.resolve(name + ".runs");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  /** Waits for the pid a script (or its child) wrote to {@code file}, at most {@code timeout}. */
  static long awaitPid(Path file, Duration timeout) {
    return Await.until("the pid in " + file, timeout, () -> {
      try {
        String s = Files.exists(file) ? Files.readString(file).trim() : "";
        return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
      } catch (IOException | NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
