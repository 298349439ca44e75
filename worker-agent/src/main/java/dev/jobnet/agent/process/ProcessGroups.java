package dev.jobnet.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Linux process groups, read from {@code /proc}: which processes belong to a group, whether a process
 * recorded in the journal is still the same process (its start time), the boot id that tells a host
 * restart, and how to stop a whole group (TERM, a grace period, then KILL).
 */
public final class ProcessGroups {

  private static final Path PROC = Path.of("/proc");
  private static final int SIGTERM = 15;

  private ProcessGroups() {}

  /** The id of the current boot of this host: differs after every restart. */
  public static String bootId() {
    try {
      return Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The process group of a process, or empty when it does not exist. */
  public static Optional<Long> groupOf(long pid) {
    return stat(pid).map(f -> Long.parseLong(f[2]));
  }

  /** The pids of every live process in the group. */
  public static List<Long> members(long pgid) {
    List<Long> pids = new ArrayList<>();
    try (var dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        Optional<String[]> f = stat(pid);
        if (f.isPresent() && Long.parseLong(f.get()[2]) == pgid && runs(f.get()[0])) {
          pids.add(pid);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: nothing known
    }
    return pids;
  }

  /**
   * Whether the process {@code pid} runs: it exists and has not ended. A process that ended stays a
   * zombie until its parent reaps it, and {@link ProcessHandle#isAlive()} counts a zombie as alive; an
   * orphan's parent is PID 1, which in a container without an init process never reaps it. So a
   * job's command that ended while the agent was down would look alive for ever.
   */
  public static boolean isRunning(long pid) {
    return stat(pid).map(f -> runs(f[0])).orElse(false);
  }

  /** A state of /proc/pid/stat other than zombie (Z) and dead (X). */
  private static boolean runs(String state) {
    return !"Z".equals(state) && !"X".equals(state);
  }

  public static boolean isAlive(long pgid) {
    return !members(pgid).isEmpty();
  }

  /**
   * True when every live member of the group ignores TERM ({@code SigIgn} of {@code /proc/pid/status},
   * inherited across {@code exec}, as {@code trap '' TERM} leaves it): TERM can end none of them, so
   * waiting out a grace period for them only delays the KILL. A member that catches or blocks TERM
   * may be shutting down gracefully and counts as answering. False for an empty group.
   */
  public static boolean ignoresTerm(long pgid) {
    return allIgnoreTerm(members(pgid));
  }

  /** {@link #ignoresTerm} for members already read ({@link #members}): one look at {@code /proc}, not two. */
  public static boolean allIgnoreTerm(List<Long> pids) {
    return !pids.isEmpty() && pids.stream().allMatch(ProcessGroups::ignoresTermSignal);
  }

  /** Bit 15 - 1 of the hexadecimal {@code SigIgn} mask: SIGTERM is ignored. A process gone counts as ignoring. */
  static boolean ignoresTermSignal(long pid) {
    try {
      for (String line : Files.readAllLines(PROC.resolve(pid + "/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("SigIgn:")) {
          long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
          return (mask & (1L << (SIGTERM - 1))) != 0;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /**
   * True when {@code pid} runs ({@link #isRunning}: not a zombie) and started at {@code startedAt} (to
   * the second), so a recycled pid is never mistaken for the job's process.
   */
  public static boolean isSameProcess(long pid, Instant startedAt) {
    return ProcessHandle.of(pid).filter(h -> isRunning(pid))
        .flatMap(h -> h.info().startInstant())
        .map(s -> Math.abs(Duration.between(s, startedAt).toMillis()) < 2_000)
        .orElse(false);
  }

  /** Sends TERM to every process of the group. */
  public static void terminate(long pgid) {
    signal(pgid, false);
  }

  /** Sends KILL to every process of the group. */
  public static void kill(long pgid) {
    signal(pgid, true);
  }

  /**
   * Sends TERM to every process of the group, waits up to {@code grace} (less once every member left
   * ignores TERM), then KILLs what is left.
   */
  public static void stop(long pgid, Duration grace) {
    signal(pgid, false);
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> left = members(pgid);
      if (left.isEmpty() || allIgnoreTerm(left)) {
        break;
      }
      sleep(50);
    }
    for (int i = 0; i < 20 && isAlive(pgid); i++) {
      signal(pgid, true);
      sleep(50);
    }
  }

  private static void signal(long pgid, boolean kill) {
    for (long pid : members(pgid)) {
      ProcessHandle.of(pid).ifPresent(h -> {
        if (kill) {
          h.destroyForcibly();
        } else {
          h.destroy();
        }
      });
    }
  }

  /** Fields of /proc/pid/stat after the command name: [state, ppid, pgrp, session, ...]. */
  private static Optional<String[]> stat(long pid) {
    try {
      String s = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII);
      int close = s.lastIndexOf(')');
      return Optional.of(s.substring(close + 2).split(" "));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
