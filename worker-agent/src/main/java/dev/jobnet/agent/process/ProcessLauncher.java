package dev.jobnet.agent.process;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a job's command so that it outlives the agent: in a session and process group of its own
 * ({@code setsid}), stdout and stderr written to files (never held in memory), stdin from
 * {@code /dev/null}, and its exit status written by a small {@code sh} wrapper to a file a restarted
 * agent finds. The wrapper runs the command with {@code "$@"}: the command line is never given to a
 * shell to interpret.
 */
public final class ProcessLauncher {

  /**
   * {@code $0} is the exit file, {@code $@} the command. The wrapper first writes its pid (the group
   * leader's) next to it, so that an agent that died while starting it finds it. The status is one
   * short write by a shell builtin (no {@code mv}: one process less between a job's end and the next
   * job's start); it is read once the wrapper has ended, and a wrapper killed while writing it leaves
   * no status, as one killed before.
   */
  static final String WRAPPER = "printf '%s' $$ > \"$0.pid\"; \"$@\"; printf '%s' \"$?\" > \"$0\"";

  /** The files of one attempt of a job, in its journal directory: its output and the exit status its wrapper writes. */
  public record AttemptFiles(Path stdout, Path stderr, Path exitStatus) {
    public static AttemptFiles in(Path dir) {
      return new AttemptFiles(dir.resolve("stdout.log"), dir.resolve("stderr.log"), dir.resolve("exit-status"));
    }
  }

  /** A started command: the pid of its group leader (= the group id) and when it started. */
  public record Launched(long pid, Instant startedAt, Process process) {}

  public Launched launch(Path executable, List<String> args, Path workdir, Map<String, String> environment,
      AttemptFiles files) throws IOException {
    Files.createDirectories(files.stdout().getParent());
    Files.deleteIfExists(files.exitStatus());
    Files.deleteIfExists(pidFile(files));
    List<String> command = new ArrayList<>(List.of("setsid", "sh", "-c", WRAPPER, files.exitStatus().toString(),
        executable.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(workdir.toFile())
        .redirectInput(Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(Redirect.appendTo(files.stdout().toFile()))
        .redirectError(Redirect.appendTo(files.stderr().toFile()));
    pb.environment().clear();
    pb.environment().putAll(environment);
    Process p = pb.start();
    Instant started = p.info().startInstant().orElse(Instant.now());
    return new Launched(p.pid(), started, p);
  }

  /** The pid the wrapper wrote as it started, or empty when it never ran. */
  public static Optional<Long> wrapperPid(AttemptFiles files) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile(files), StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Path pidFile(AttemptFiles files) {
    return files.exitStatus().resolveSibling(files.exitStatus().getFileName() + ".pid");
  }

  /** The exit status the wrapper wrote, or empty while the command runs (or if it was killed). */
  public static Optional<Integer> exitStatus(AttemptFiles files) {
    try {
      return Optional.of(Integer.parseInt(Files.readString(files.exitStatus(), StandardCharsets.US_ASCII).trim()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
