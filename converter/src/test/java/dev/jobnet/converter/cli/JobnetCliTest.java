package dev.jobnet.converter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobnet validate} and {@code jobnet convert} as a user types them: output, files, exit status. */
class JobnetCliTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new JobnetCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static final String VALID = """
      jobnets:
        daily:
          name: 日次
          jobs:
            a: { run: a.sh, next: b }
            b: { run: b.sh }
      """;

  @Test
  void validateAcceptsAValidFileWithExitZero() throws IOException {
    // given
    Path f = file("daily.yaml", VALID);
    // when
    int status = run("validate", f.toString());
    // then
    assertThat(status).isZero();
    assertThat(out()).contains("valid: 1 file(s), 1 root jobnet(s)");
  }

  @Test
  void validateChecksTheBpmnFilesOfADirectoryAsJobnetsWithTheYaml() throws IOException {
    // given: YAML, a BPMN jobnet expanding it with a job that has no command, and BPMN without jobs
    file("flows/daily.yaml", VALID);
    Path bpmn = file("flows/drawn/nightly.bpmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <bpmn:process id="nightly" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:serviceTask id="load" camunda:type="external" camunda:topic="jobnet.default"/>
            <bpmn:callActivity id="then-daily" calledElement="daily"/>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="load"/>
            <bpmn:sequenceFlow id="f2" sourceRef="load" targetRef="then-daily"/>
            <bpmn:sequenceFlow id="f3" sourceRef="then-daily" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """);
    file("flows/legacy/approval.bpmn", """
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
          <process id="approval" isExecutable="true"><startEvent id="s"/></process>
        </definitions>
        """);
    // when
    int broken = run("validate", dir.resolve("flows").toString());
    String findings = out();
    Files.writeString(bpmn, Files.readString(bpmn).replace("jobnet.default\"/>", "jobnet.default\"><bpmn:extensionElements>"
        + "<camunda:properties><camunda:property name=\"jobnet.command\" value=\"load.sh\"/></camunda:properties>"
        + "</bpmn:extensionElements></bpmn:serviceTask>"));
    out.reset();
    int fixed = run("validate", dir.resolve("flows").toString());
    // then
    assertThat(broken).isEqualTo(JobnetCli.FINDINGS);
    assertThat(findings.strip()).isEqualTo(bpmn + ":5:5: JN104 job 'load' has no command; set the property"
        + " jobnet.command (the 'Command' field of the 'Jobnet job' template)");
    assertThat(fixed).as(out() + err()).isZero();
    assertThat(out()).contains("valid: 3 file(s), 2 root jobnet(s), 1 other BPMN process(es) deployed as they are");
  }

  @Test
  void validatePrintsEveryFindingLocatedAndExitsOne() throws IOException {
    // given: two mistakes in two files
    Path a = file("a.yaml", """
        jobnets:
          a:
            jobs:
              x: { run: x.sh, next: y }
        """);
    Path b = file("b.yaml", """
        jobnets:
          b:
            jobs:
              x: { rnu: x.sh }
        """);
    // when
    int status = run("validate", a.toString(), b.toString());
    // then
    assertThat(status).isEqualTo(JobnetCli.FINDINGS);
    assertThat(out().lines()).containsExactly(
        a + ":4:29: JN301 job 'x' names 'y' in 'next:', but this jobnet has no such job; 'next' links jobs of"
            + " the same jobnet only",
        b + ":4:7: JN101 job 'x' has none of 'run:', 'http:', 'jobnet:' or 'expand:'; give it exactly one",
        b + ":4:12: JN003 unknown key 'rnu' in job 'x'; did you mean 'run'? (allowed: env, expand, http, jobnet,"
            + " name, next, retry, run, server, timeout, workdir)");
    assertThat(err()).contains("3 finding(s) in 2 file(s); nothing was written");
  }

  @Test
  void convertWritesOneBpmnPerRootAndNoTemporaryFiles() throws IOException {
    // given
    Path f = file("daily.yaml", VALID + """
          weekly:
            jobs:
              w: { expand: daily }
        """);
    Path outDir = dir.resolve("out");
    // when
    int status = run("convert", f.toString(), "-o", outDir.toString());
    // then
    assertThat(status).isZero();
    try (Stream<Path> files = Files.list(outDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("daily.bpmn", "weekly.bpmn");
    }
    assertThat(Files.readString(outDir.resolve("daily.bpmn"))).contains("<bpmn:process id=\"daily\" name=\"日次\"");
    assertThat(out()).contains("wrote " + outDir.resolve("daily.bpmn"));
  }

  @Test
  void convertWritesNothingWhenThereAreFindings() throws IOException {
    // given
    Path f = file("bad.yaml", """
        jobnets:
          good:
            jobs:
              a: a.sh
          bad:
            jobs:
              a: { run: a.sh, next: a }
        """);
    Path outDir = dir.resolve("out");
    // when
    int status = run("convert", f.toString(), "-o", outDir.toString());
    // then
    assertThat(status).isEqualTo(JobnetCli.FINDINGS);
    assertThat(out()).contains("JN302 cycle among 'next' edges: a -> a");
    assertThat(outDir).doesNotExist();
  }

  @Test
  void aDirectoryStandsForItsYamlFiles() throws IOException {
    // given
    file("defs/one.yaml", VALID);
    file("defs/sub/two.yml", "jobnets:\n  other:\n    jobs:\n      o: { expand: daily }\n");
    file("defs/notes.txt", "not a jobnet");
    // when
    int status = run("validate", dir.resolve("defs").toString());
    // then
    assertThat(status).isZero();
    assertThat(out()).contains("valid: 2 file(s), 2 root jobnet(s)");
  }

  @Test
  void usageErrorsExitTwoAndSayWhatIsWrong() throws IOException {
    Path f = file("daily.yaml", VALID);
    assertThat(run()).isEqualTo(JobnetCli.USAGE);
    assertThat(run("frobnicate", f.toString())).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("unknown command 'frobnicate'");
    assertThat(run("validate")).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("name at least one jobnet file or directory");
    assertThat(run("convert", f.toString())).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("'convert' needs an output directory: -o DIR");
    assertThat(run("validate", dir.resolve("missing.yaml").toString())).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("no such file or directory");
    assertThat(run("validate", "--frob", f.toString())).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("unknown option '--frob'");
  }

  @Test
  void forecastPrintsTheRunsOfACalendarWithHolidaysAndWeekendsInTimeOrder() throws IOException {
    // given: the calendar in a file of its own, part of its holidays in a file of dates, two scheduled roots
    // and one without a schedule
    file("set/calendars.yaml", """
        calendars:
          jp-business:
            weekdays: [MON, TUE, WED, THU, FRI]
            holidays: [2026-12-31, holidays-jp.dates]
        """);
    file("set/holidays/holidays-jp.dates", """
        # national holidays, from the cabinet office's list
        2027-01-01 元日

        2027-01-11 成人の日
        """);
    file("set/nightly.yaml", """
        jobnets:
          nightly:
            schedule:
              cron: "0 0 2 * * ?"
              timezone: Asia/Tokyo
              calendar: jp-business
            jobs: { a: a.sh }
          month-end:
            schedule:
              cron: "0 0 23 L * ?"
              timezone: Asia/Tokyo
              calendar: jp-business
              onClosedDay: previous-open-day
            jobs: { b: b.sh }
          by-hand:
            jobs: { c: c.sh }
        """);
    // when
    int status = run("forecast", dir.resolve("set").toString(), "--from", "2026-12-28", "--days", "10");
    // then: no run on the holidays nor the weekend; December's month end moves to Wednesday the 30th
    assertThat(status).isZero();
    assertThat(out().lines()).containsExactly(
        "nightly 2026-12-28T02:00:00+09:00",
        "nightly 2026-12-29T02:00:00+09:00",
        "nightly 2026-12-30T02:00:00+09:00",
        "month-end 2026-12-30T23:00:00+09:00",
        "nightly 2027-01-04T02:00:00+09:00",
        "nightly 2027-01-05T02:00:00+09:00",
        "nightly 2027-01-06T02:00:00+09:00");
    assertThat(err()).contains("2 scheduled root jobnet(s)");
  }

  @Test
  void forecastWithoutItsDatesOrWithFindingsSaysWhatIsWrong() throws IOException {
    Path f = file("daily.yaml", VALID);
    assertThat(run("forecast", f.toString(), "--days", "3")).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("'forecast' needs --from DATE and --days N");
    assertThat(run("forecast", f.toString(), "--from", "29.12.2026", "--days", "3")).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("'--from 29.12.2026': a date as 2026-12-29");
    assertThat(run("validate", f.toString(), "--days", "3")).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("'--days' is only for 'forecast'");
    Path bad = file("bad.yaml", "jobnets:\n  r:\n    schedule: { cron: \"0 0 2 * * ?\", calendar: nope }\n"
        + "    jobs: { a: a.sh }\n");
    assertThat(run("forecast", bad.toString(), "--from", "2026-12-28", "--days", "1")).isEqualTo(JobnetCli.FINDINGS);
    assertThat(out()).contains("JN507");
  }

  @Test
  void forecastReadsASchedulesWithoutTimezoneInTheZoneOfTZ() throws Exception {
    Path f = file("daily.yaml", "jobnets:\n  daily:\n    schedule: \"0 30 2 * * ?\"\n    jobs: { a: a.sh }\n");
    var command = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JobnetCli.class.getName(),
        "forecast", f.toString(), "--from", "2026-10-24", "--days", "3"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TZ", "Europe/Berlin");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // 2026-10-25: clocks go back at 03:00, 02:30 happens twice and runs once
    assertThat(output.lines().filter(l -> l.startsWith("daily "))).containsExactly(
        "daily 2026-10-24T02:30:00+02:00", "daily 2026-10-25T02:30:00+02:00", "daily 2026-10-26T02:30:00+01:00");
    assertThat(output).contains("times without a timezone: in Europe/Berlin");
  }

  @Test
  void anUnwritableOutputDirectoryIsAClearErrorAndLeavesNoTemporaryFile() throws IOException {
    // given: the output "directory" is a file
    Path f = file("daily.yaml", VALID);
    Path blocker = file("blocker", "I am a file");
    // when
    int status = run("convert", f.toString(), "-o", blocker.toString());
    // then
    assertThat(status).isEqualTo(JobnetCli.USAGE);
    assertThat(err()).contains("cannot write to " + blocker);
    assertThat(Files.readString(blocker)).isEqualTo("I am a file");
  }

  @Test
  void theLauncherPrintsUsageForUnknownCommands() throws Exception {
    // given: the launcher at the repository root (unknown commands need no build)
    Path launcher = Path.of("..", "jobnet").toAbsolutePath().normalize();
    // when
    Process p = new ProcessBuilder(launcher.toString(), "frobnicate").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    // then
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output).contains("jobnet: unknown command 'frobnicate'").contains("usage: jobnet <command>");
  }

  /** The CLI in a JVM of its own started in {@code locale} (LANG and the LC_ variables of this one left out). */
  private Process cliIn(String locale, String... args) throws IOException {
    var command = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JobnetCli.class.getName()));
    command.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
    pb.environment().put("LC_ALL", locale);
    return pb.start();
  }

  /** A CLI JVM's exit status and output. */
  private record Run(int status, String output) {}

  /** A CLI JVM started in {@code locale} converting a jobnet with Japanese ids to {@code outDir}. */
  private Run convertJapaneseIn(String locale, Path outDir) throws Exception {
    Path f = file("nightly.yaml", """
        jobnets:
          夜間バッチ:
            jobs:
              取込: { run: import.sh }
        """);
    Process p = cliIn(locale, "convert", f.toString(), "-o", outDir.toString());
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("converter finished").isTrue();
    return new Run(p.exitValue(), output);
  }

  @Test
  void aRootWithAJapaneseIdIsWrittenToAFileOfThatNameInAUtf8Locale() throws Exception {
    // given
    Path outDir = dir.resolve("out");
    // when
    Run run = convertJapaneseIn("C.UTF-8", outDir);
    // then
    assertThat(run.status()).as(run.output()).isZero();
    assertThat(outDir.resolve("夜間バッチ.bpmn")).content(StandardCharsets.UTF_8)
        .contains("<bpmn:process id=\"夜間バッチ\"", "<bpmn:serviceTask id=\"取込\"");
  }

  @Test
  void inALocaleThatCannotNameTheFileTheConverterSaysHowToRunIt() throws Exception {
    // given: the C locale, whose charset (ASCII) cannot hold 夜間バッチ in a file name
    Path outDir = dir.resolve("out");
    // when
    Run run = convertJapaneseIn("C", outDir);
    // then: a usage error that names the file and the remedy, and nothing half-written is left
    assertThat(run.status()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("jobnet: cannot write to " + outDir, ".bpmn.tmp",
        "this Java reads and writes file names in ANSI_X3.4-1968, its locale's charset; run it in a UTF-8 locale,"
            + " for example LANG=C.UTF-8, as the jobnet launcher does");
    try (Stream<Path> left = Files.list(outDir)) {
      assertThat(left).isEmpty();
    }
  }
}
