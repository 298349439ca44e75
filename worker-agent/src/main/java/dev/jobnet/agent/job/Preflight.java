package dev.jobnet.agent.job;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is checked before a command starts, so that a command that cannot run fails at once with a
 * reason naming the path, instead of a retry loop: the working directory exists; the program exists,
 * is a file and is executable; it lies in an allowed directory when the agent restricts them. A
 * program without {@code /} is looked up on the agent's PATH; a relative path with {@code /} is taken
 * from the working directory. And what the command is given (its words, its environment such as a job
 * id in Japanese in {@code MM_JOB_ID}) can be passed in the charset Java passes it in, the JVM's default
 * charset: a value it cannot encode would reach the command as {@code ?}.
 */
public final class Preflight {

  private final List<Path> searchPath;
  private final List<Path> allowedDirectories;

  public Preflight(List<Path> searchPath, List<Path> allowedDirectories) {
    this.searchPath = List.copyOf(searchPath);
    this.allowedDirectories = allowedDirectories.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** The PATH of this process, split. */
  public static List<Path> systemPath() {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    return java.util.Arrays.stream(path.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  /** The executable to run, or why the command cannot run. */
  public Result check(CommandLine command, Path workdir) {
    if (!Files.isDirectory(workdir)) {
      return Result.fail("working directory " + workdir + " does not exist or is not a directory");
    }
    String program = command.program();
    Path resolved;
    if (program.contains("/")) {
      resolved = workdir.resolve(program).normalize();
    } else {
      Optional<Path> found = searchPath.stream().map(d -> d.resolve(program))
          .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
      if (found.isEmpty()) {
        return Result.fail("command not found: " + program + " is on none of the agent's PATH (" + searchPath + ")");
      }
      resolved = found.get();
    }
    if (!Files.exists(resolved)) {
      return Result.fail("command not found: " + resolved + " does not exist");
    }
    if (!Files.isRegularFile(resolved)) {
      return Result.fail("command not runnable: " + resolved + " is not a file");
    }
    if (!Files.isExecutable(resolved)) {
      return Result.fail("command not executable: " + resolved + " has no execute permission for the agent's user");
    }
    if (!allowedDirectories.isEmpty()) {
      Path abs = resolved.toAbsolutePath().normalize();
      if (allowedDirectories.stream().noneMatch(abs::startsWith)) {
        return Result.fail("command not allowed: " + abs + " is outside the agent's allowed directories "
            + allowedDirectories);
      }
    }
    return new Result(Optional.of(resolved), null);
  }

  /**
   * The charset this JVM encodes a new process's words and environment in: the default charset up to
   * Java 18 ({@code -Dfile.encoding}), the locale's ({@code sun.jnu.encoding}) from Java 19 on.
   */
  public static Charset processCharset() {
    if (Runtime.version().feature() >= 19) {
      try {
        return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
      } catch (IllegalArgumentException e) {
        return Charset.defaultCharset();
      }
    }
    return Charset.defaultCharset();
  }

  /**
   * Why the command cannot be given its words and environment in {@code charset} (see
   * {@link #processCharset()}), or empty.
   */
  public static Optional<String> unencodable(CommandLine command, Map<String, String> environment, Charset charset) {
    CharsetEncoder encoder = charset.newEncoder();
    for (String word : command.argv()) {
      if (!encoder.canEncode(word)) {
        return Optional.of(unencodable("the command's word '" + word + "'", charset));
      }
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (!encoder.canEncode(e.getKey()) || !encoder.canEncode(e.getValue())) {
        return Optional.of(unencodable("the variable " + e.getKey() + "=" + e.getValue(), charset));
      }
    }
    return Optional.empty();
  }

  private static String unencodable(String what, Charset charset) {
    return "cannot pass " + what + " to the command: this agent's Java passes text to processes in " + charset
        + " (its locale's charset); start the agent with -Dfile.encoding=UTF-8 or in a UTF-8 locale (the jobnet"
        + " launcher does)";
  }

  /** The executable, or the reason the command cannot run. */
  public record Result(Optional<Path> executable, String problem) {
    static Result fail(String problem) {
      return new Result(Optional.empty(), problem);
    }

    public boolean ok() {
      return executable.isPresent();
    }
  }
}
