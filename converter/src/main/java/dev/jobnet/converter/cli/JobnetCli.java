package dev.jobnet.converter.cli;

import dev.jobnet.converter.Finding;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.yaml.DatesFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code jobnet validate FILE...} and {@code jobnet convert FILE... -o DIR}: exit 0 when valid, 1 with
 * findings (printed as {@code file:line:column: CODE message}), 2 on usage errors.
 */
public final class JobnetCli {

  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int USAGE = 2;

  static final String USAGE_TEXT = """
      usage: jobnet validate FILE|DIR...           check jobnet YAML and BPMN files as one set
             jobnet convert FILE|DIR... -o DIR     check, then write <root-id>.bpmn of each YAML root to DIR
             jobnet forecast FILE|DIR... --from DATE --days N
                                                   the runs the schedules of the YAML roots ask for, one
                                                   line each, <root-id> <date-time with offset>, in time
                                                   order, from DATE (each schedule's own zone) for N days
      A directory stands for the *.yaml, *.yml, *.bpmn and *.dates files in it and below it. A BPMN file
      is checked as a jobnet when a process in it has a job (a task on a jobnet.* topic) or an expansion;
      a *.dates file holds the holidays a calendar names (one date per line).
      Exit status: 0 valid, 1 findings, 2 usage error.""";


  /**
   * What to do when a file name does not fit the charset Java reads and writes file names in (the
   * locale's: a root id such as 夜間バッチ names its BPMN file).
   */
  static String fileNameCharsetHint() {
    String charset = System.getProperty("sun.jnu.encoding", "");
    return " (this Java reads and writes file names in " + charset + ", its locale's charset; run it in a UTF-8"
        + " locale, for example LANG=C.UTF-8, as the jobnet launcher does)";
  }
  private final PrintStream out;
  private final PrintStream err;

  JobnetCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    var out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    var err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(new JobnetCli(out, err).run(args));
  }

  int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE_TEXT);
      return args.length == 0 ? USAGE : OK;
    }
    String command = args[0];
    List<String> files = new ArrayList<>();
    Path outputDir = null;
    LocalDate from = null;
    Integer days = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--from") || a.equals("--days")) {
        if (!command.equals("forecast")) {
          return usage("'" + a + "' is only for 'forecast'");
        }
        if (i + 1 >= args.length) {
          return usage("'" + a + "' needs a value");
        }
        String v = args[++i];
        try {
          if (a.equals("--from")) {
            from = LocalDate.parse(v);
          } else {
            days = Integer.parseInt(v);
            if (days < 1 || days > 3660) {
              return usage("'--days' is 1 to 3660, not " + v);
            }
          }
        } catch (RuntimeException e) {
          return usage("'" + a + " " + v + "': " + (a.equals("--from") ? "a date as 2026-12-29" : "a whole number of days"));
        }
      } else if (a.equals("-o") || a.equals("--output")) {
        if (!command.equals("convert")) {
          return usage("'" + a + "' is only for 'convert'");
        }
        if (i + 1 >= args.length) {
          return usage("'" + a + "' needs a directory");
        }
        outputDir = Path.of(args[++i]);
      } else if (a.startsWith("-")) {
        return usage("unknown option '" + a + "'");
      } else {
        files.add(a);
      }
    }
    if (!command.equals("validate") && !command.equals("convert") && !command.equals("forecast")) {
      return usage("unknown command '" + command + "'");
    }
    if (command.equals("forecast") && (from == null || days == null)) {
      return usage("'forecast' needs --from DATE and --days N");
    }
    if (files.isEmpty()) {
      return usage("name at least one jobnet file or directory");
    }
    if (command.equals("convert") && outputDir == null) {
      return usage("'convert' needs an output directory: -o DIR");
    }
    List<Path> sources = new ArrayList<>();
    for (String f : files) {
      Path p;
      try {
        p = Path.of(f);
      } catch (InvalidPathException e) {
        return usage("cannot name the file " + f + ": " + e.getMessage() + fileNameCharsetHint());
      }
      if (!Files.exists(p)) {
        return usage("no such file or directory: " + f + (f.contains("?") ? fileNameCharsetHint() : ""));
      }
      try {
        sources.addAll(expand(p));
      } catch (IOException | java.io.UncheckedIOException e) {
        err.println("jobnet: cannot read " + f + ": " + e.getMessage());
        return USAGE;
      }
    }
    if (sources.isEmpty()) {
      return usage("no *.yaml, *.yml or *.bpmn files in " + String.join(", ", files));
    }
    var converter = new JobnetConverter();
    // A file that cannot be read (not UTF-8, ...) is a finding (JN007); the others are still checked.
    Validation validation = converter.validateFiles(sources);
    if (!validation.isValid()) {
      for (Finding finding : validation.findings()) {
        out.println(finding.format());
      }
      err.println("jobnet: " + validation.findings().size() + " finding(s) in " + sources.size()
          + " file(s); nothing was written. Codes are explained in docs/findings.md.");
      return FINDINGS;
    }
    int roots = validation.set().roots().size() + (int) validation.bpmn().stream()
        .flatMap(b -> b.processes().stream()).filter(p -> p.jobnet()).count();
    long plain = validation.bpmn().stream().flatMap(b -> b.processes().stream()).filter(p -> !p.jobnet()).count();
    if (command.equals("forecast")) {
      return forecast(validation, from, days);
    }
    if (command.equals("validate")) {
      out.println("valid: " + sources.size() + " file(s), " + roots + " root jobnet(s)"
          + (plain > 0 ? ", " + plain + " other BPMN process(es) deployed as they are" : ""));
      return OK;
    }
    List<Path> written = new ArrayList<>();
    Path dir = outputDir;
    try {
      Files.createDirectories(dir);
      // Each file is written beside its target and renamed when complete: never a half-written BPMN.
      converter.convert(validation.set(), (rootId, expectedSize) -> {
        Path tmp = dir.resolve("." + rootId + ".bpmn.tmp");
        written.add(tmp);
        return Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
      });
      for (Path tmp : written) {
        String name = tmp.getFileName().toString();
        Path target = dir.resolve(name.substring(1, name.length() - ".tmp".length()));
        move(tmp, target);
        out.println("wrote " + target);
      }
    } catch (IOException | java.io.UncheckedIOException | InvalidPathException e) {
      for (Path tmp : written) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the message below names the directory
        }
      }
      err.println("jobnet: cannot write to " + dir + ": " + e.getMessage()
          + (e instanceof InvalidPathException ? fileNameCharsetHint() : ""));
      return USAGE;
    }
    return OK;
  }

  /**
   * The forecast of the YAML roots' schedules. A schedule without {@code timezone:} is read in this
   * machine's zone (the JVM's, from TZ): run it with the engine's zone, {@code TZ=Asia/Tokyo jobnet
   * forecast ...}.
   */
  private int forecast(Validation validation, LocalDate from, int days) {
    Map<String, dev.jobnet.converter.schedule.Schedule> schedules = new LinkedHashMap<>();
    ZoneId here = ZoneId.systemDefault();
    for (var root : validation.set().roots()) {
      root.schedule().ifPresent(s -> schedules.put(root.id(), new dev.jobnet.converter.schedule.Schedule(s.cron(),
          s.timezone().map(ZoneId::of).orElse(here), s.calendar().orElse(null), s.onClosedDay(), s.missed(),
          s.overlap())));
    }
    for (var run : dev.jobnet.converter.schedule.Forecast.of(schedules, from, days)) {
      out.println(run.line());
    }
    err.println("jobnet: " + schedules.size() + " scheduled root jobnet(s); times without a timezone: in " + here);
    return OK;
  }

  private int usage(String message) {
    err.println("jobnet: " + message);
    err.println(USAGE_TEXT);
    return USAGE;
  }

  private static List<Path> expand(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> walk = Files.walk(p)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml") || f.toString().endsWith(".bpmn")
              || DatesFile.isDatesFile(f.toString()))
          .sorted()
          .toList();
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
