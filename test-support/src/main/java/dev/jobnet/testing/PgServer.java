package dev.jobnet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server a test owns, so that it can stop and start the database itself (F6) without
 * touching a server others use: a cluster initialised in a temporary directory with the machine's
 * PostgreSQL binaries, listening on a free loopback port with trust authentication for {@code
 * postgres}, deleted when closed. PostgreSQL refuses to run as root, so as root it runs as the {@code
 * postgres} user (through {@code runuser}), as Debian's package creates it.
 *
 * <p>The binaries: {@code JOBNET_TEST_PG_BIN} if set, else the newest {@code
 * /usr/lib/postgresql/<version>/bin}, else the directory {@code pg_config --bindir} names.
 */
public final class PgServer implements AutoCloseable {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asPostgres;
  private volatile boolean running;

  private PgServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Initialises a cluster in a new temporary directory and starts it. */
  public static PgServer create() throws IOException {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("jobnet-pg-");
    if (root) {
      UserPrincipal postgres;
      try {
        postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      } catch (IOException e) {
        deleteTree(dir);
        throw new IllegalStateException("PostgreSQL refuses to run as root, and there is no user 'postgres' to run it"
            + " as: install Debian's postgresql package (it creates the user), or run the tests as another user", e);
      }
      Files.setOwner(dir, postgres);
    }
    PgServer server = new PgServer(bin, dir, FreePorts.any(), root);
    try {
      server.run("initdb", "-D", server.data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
      server.start();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of {@code database} on this server (user {@code postgres}, no password). */
  public String jdbcUrl(String database) {
    return serverUrl() + database;
  }

  /** The JDBC URL of this server, without a database: {@code jdbc:postgresql://127.0.0.1:PORT/}. */
  public String serverUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/";
  }

  public boolean isRunning() {
    return running;
  }

  /** Stops the server as an administrator would ({@code pg_ctl stop -m fast}): clients are disconnected. */
  public synchronized void stop() {
    if (running) {
      run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
      running = false;
    }
  }

  /** Starts it (again, after {@link #stop()}) on the same port, with the same data. */
  public synchronized void start() {
    if (!running) {
      run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
      running = true;
    }
  }

  /** The server's log so far (empty when there is none). */
  public String log() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private void run(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (asPostgres) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    Path out = dir.resolve(program + ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
            + Files.readString(out, StandardCharsets.UTF_8) + log());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }

  /** Stops the server at once and deletes its directory. */
  @Override
  public void close() {
    try {
      if (running) {
        run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        running = false;
      }
    } finally {
      deleteTree(dir);
    }
  }

  static Path binaries() {
    String configured = System.getenv("JOBNET_TEST_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return requireBinaries(Path.of(configured));
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
            .max(Comparator.comparingInt(PgServer::version));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() == 0 && !out.isEmpty()) {
        return requireBinaries(Path.of(out));
      }
    } catch (IOException e) {
      // no pg_config: said below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's postgresql"
        + " package (or run ./jobnet test as root, which installs it), or set JOBNET_TEST_PG_BIN to their directory");
  }

  private static Path requireBinaries(Path bin) {
    if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
      throw new IllegalStateException("no initdb and pg_ctl in " + bin + " (JOBNET_TEST_PG_BIN or pg_config --bindir)");
    }
    return bin;
  }

  private static int version(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString().replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // left behind: a temporary directory
        }
      });
    } catch (IOException e) {
      // left behind
    }
  }
}
