package dev.jobnet.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of the processes a benchmark runs, read from {@code /proc/<pid>/stat} (user + system
 * time): our JVMs by process id, and PostgreSQL's server processes (every process whose name is
 * {@code postgres}). PostgreSQL's backends come and go (pgbench's, autovacuum workers, other tests'
 * connections on the shared server), so they are sampled every 200 ms by a thread of the meter and
 * their time summed per database: a backend's name says which database it serves; the server's own
 * processes (checkpointer, WAL writer, ...) count under the empty name. A backend that ends loses at
 * most its last 200 ms.
 */
final class CpuMeter implements AutoCloseable {

  private static final Path PROC = Path.of("/proc");
  private static final long TICKS_PER_SECOND = ticksPerSecond();
  /** {@code postgres: [cluster: ]user database host(port) state}, or {@code autovacuum worker database}. */
  private static final Pattern BACKEND = Pattern.compile(
      "^postgres: (?:\\S+: )?(?:autovacuum worker (\\S+)|\\S+ (\\S+) (?:\\S+\\(\\d+\\)|\\[local\\]))");

  private final Map<Long, Long> lastTicks = new HashMap<>();
  private final Map<Long, String> databaseOf = new HashMap<>();
  private final Map<String, Long> ticksByDatabase = new HashMap<>();
  /** Processes of the last listing that are not PostgreSQL's: not read again while they live. */
  private Set<Long> others = new HashSet<>();
  private final Thread sampler;
  private volatile boolean running = true;
  private boolean first = true;

  CpuMeter() {
    sample();
    sampler = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
        sample();
      }
    }, "cpu-meter");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** CPU milliseconds (user + system) a process has used so far; 0 when it is gone. */
  static long processMillis(long pid) {
    long ticks = ticks(pid);
    return ticks < 0 ? 0 : ticks * 1000 / TICKS_PER_SECOND;
  }

  /**
   * CPU milliseconds a JVM's JIT compiler threads have used so far ({@code C1/C2 CompilerThread*}):
   * work that ends once the code is compiled, which a short run of a freshly started engine is
   * full of (half of its CPU after 400 jobs here), and a long-running engine is not.
   */
  static long compilerMillis(long pid) {
    long ticks = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
      for (Path t : threads) {
        String stat = read(t.resolve("stat"));
        if (stat != null && stat.matches("(?s)\\d+ \\(C[12] CompilerThre.*")) {
          long n = ticks(stat);
          ticks += Math.max(0, n);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * 1000 / TICKS_PER_SECOND;
  }

  /** CPU milliseconds of the benchmark's own JVM (its HTTP clients). */
  static long selfMillis() {
    return processMillis(ProcessHandle.current().pid());
  }

  /** The sum of {@link #processMillis} over some processes. */
  static long processMillis(List<Long> pids) {
    return pids.stream().mapToLong(CpuMeter::processMillis).sum();
  }

  /** PostgreSQL's CPU milliseconds so far (since the meter started), per database ("" for the server's own). */
  synchronized Map<String, Long> postgresMillis() {
    sample();
    Map<String, Long> ms = new HashMap<>();
    ticksByDatabase.forEach((db, t) -> ms.put(db, t * 1000 / TICKS_PER_SECOND));
    return ms;
  }

  /** The system load averages (1, 5, 15 minutes), for the conditions of a figure. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(PROC.resolve("loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private synchronized void sample() {
    Map<Long, Long> seen = new HashMap<>();
    Set<Long> notPostgres = new HashSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
        .chars().allMatch(Character::isDigit))) {
      for (Path d : dirs) {
        long pid = Long.parseLong(d.getFileName().toString());
        if (others.contains(pid)) {
          notPostgres.add(pid);
          continue;
        }
        String stat = read(d.resolve("stat"));
        if (stat == null || !stat.contains("(postgres)")) {
          notPostgres.add(pid);
          continue;
        }
        long ticks = ticks(stat);
        if (ticks < 0) {
          continue;
        }
        seen.put(pid, ticks);
        Long before = lastTicks.get(pid);
        String db = databaseOf.get(pid);
        if (db == null || before == null) {
          db = database(d);
          databaseOf.put(pid, db);
        }
        // a process born since the last sample counts from its start (a new pid is a new process)
        long delta = first ? 0 : before == null || ticks < before ? ticks : ticks - before;
        ticksByDatabase.merge(db, delta, Long::sum);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc: " + e, e);
    }
    lastTicks.keySet().retainAll(seen.keySet());
    databaseOf.keySet().retainAll(seen.keySet());
    lastTicks.putAll(seen);
    others = notPostgres;
    first = false;
  }

  private static String database(Path procDir) {
    String cmd = read(procDir.resolve("cmdline"));
    if (cmd == null) {
      return "";
    }
    Matcher m = BACKEND.matcher(cmd.replace('\0', ' ').trim());
    if (!m.find()) {
      return "";
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  private static long ticks(long pid) {
    String stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
    return stat == null ? -1 : ticks(stat);
  }

  /** utime + stime: fields 14 and 15 of stat, counted after the command name in parentheses. */
  private static long ticks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 2).trim().split(" ");
    // f[0] is field 3 (state): utime is field 14, stime 15
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return Long.parseLong(s);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
