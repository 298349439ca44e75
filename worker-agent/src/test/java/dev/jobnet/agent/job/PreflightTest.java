package dev.jobnet.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that cannot run are found before anything starts, with the path and the reason. */
class PreflightTest {

  @TempDir
  Path dir;

  private Path script(String name, String perms) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    return p;
  }

  @Test
  void anExecutableByAbsolutePathRuns() throws Exception {
    Path ok = script("ok.sh", "rwxr-xr-x");
    Preflight.Result r = new Preflight(List.of(), List.of()).check(CommandLine.parse(ok + " arg"), dir);
    assertThat(r.ok()).isTrue();
    assertThat(r.executable()).contains(ok);
  }

  @Test
  void aMissingCommandNamesThePath() {
    Preflight.Result r = new Preflight(List.of(), List.of()).check(CommandLine.parse("/no/such/tool.sh"), dir);
    assertThat(r.problem()).isEqualTo("command not found: /no/such/tool.sh does not exist");
  }

  @Test
  void aCommandWithoutExecutePermissionIsRefused() throws Exception {
    Path noexec = script("noexec.sh", "rw-r--r--");
    Preflight.Result r = new Preflight(List.of(), List.of()).check(CommandLine.parse(noexec.toString()), dir);
    assertThat(r.problem()).isEqualTo("command not executable: " + noexec
        + " has no execute permission for the agent's user");
  }

  @Test
  void aMissingWorkingDirectoryIsRefused() {
    Path missing = dir.resolve("gone");
    Preflight.Result r = new Preflight(List.of(), List.of()).check(CommandLine.parse("true"), missing);
    assertThat(r.problem()).isEqualTo("working directory " + missing + " does not exist or is not a directory");
  }

  @Test
  void programsWithoutSlashAreLookedUpOnThePathAndRelativeOnesInTheWorkdir() throws Exception {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path tool = bin.resolve("tool");
    Files.writeString(tool, "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Preflight preflight = new Preflight(List.of(dir.resolve("empty"), bin), List.of());
    assertThat(preflight.check(CommandLine.parse("tool"), dir).executable()).contains(tool);
    assertThat(preflight.check(CommandLine.parse("bin/tool"), dir).executable()).contains(tool);
    assertThat(preflight.check(CommandLine.parse("nope"), dir).problem()).startsWith("command not found: nope");
  }

  @Test
  void commandsOutsideTheAllowedDirectoriesAreRefused() throws Exception {
    Path ok = script("ok.sh", "rwxr-xr-x");
    Preflight preflight = new Preflight(List.of(), List.of(Path.of("/opt/batch")));
    assertThat(preflight.check(CommandLine.parse(ok.toString()), dir).problem())
        .startsWith("command not allowed: " + ok);
  }

  @Test
  void aJapaneseJobIdPassesInUtf8() {
    Map<String, String> env = Map.of("MM_JOB_ID", "取込", "MM_ROOT_JOBNET_ID", "夜間バッチ");
    assertThat(Preflight.unencodable(CommandLine.parse("/opt/batch/取込.sh 夜間"), env, StandardCharsets.UTF_8))
        .isEmpty();
  }

  @Test
  void aValueTheProcessCharsetCannotHoldFailsTheJobWithTheRemedyInsteadOfReachingTheCommandAsQuestionMarks() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin");
    env.put("MM_JOB_ID", "取込");
    assertThat(Preflight.unencodable(CommandLine.parse("/opt/batch/import.sh"), env, StandardCharsets.US_ASCII))
        .contains("cannot pass the variable MM_JOB_ID=取込 to the command: this agent's Java passes text to processes"
            + " in US-ASCII (its locale's charset); start the agent with -Dfile.encoding=UTF-8 or in a UTF-8 locale"
            + " (the jobnet launcher does)");
    assertThat(Preflight.unencodable(CommandLine.parse("/opt/batch/import.sh 夜間"), Map.of(), StandardCharsets.US_ASCII))
        .contains("cannot pass the command's word '夜間' to the command: this agent's Java passes text to processes"
            + " in US-ASCII (its locale's charset); start the agent with -Dfile.encoding=UTF-8 or in a UTF-8 locale"
            + " (the jobnet launcher does)");
  }
}
