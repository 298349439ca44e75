package dev.jobnet.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: own process group, output to files, exit status to a file, group stop. */
class ProcessLauncherTest {

  @TempDir
  Path dir;

  private final ProcessLauncher launcher = new ProcessLauncher();
  private Long group;

  @AfterEach
  void noProcessLeftBehind() {
    if (group != null) {
      ProcessGroups.stop(group, Duration.ofSeconds(2));
      assertThat(ProcessGroups.isAlive(group)).as("processes left in group %s", group).isFalse();
    }
  }

  private static <T> T await(Supplier<Optional<T>> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> v = condition.get();
      if (v.isPresent()) {
        return v.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private Path script(String body) throws Exception {
    Path s = dir.resolve("job.sh");
    Files.writeString(s, "#!/bin/sh\n" + body + "\n");
    s.toFile().setExecutable(true);
    return s;
  }

  @Test
  void theCommandRunsInItsOwnGroupWithItsEnvironmentAndItsExitStatusIsWritten() throws Exception {
    // given
    Path job = script("echo \"out $1 $GREETING\"; echo err >&2; exit 3");
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(dir.resolve("attempt-1"));
    // when
    ProcessLauncher.Launched l = launcher.launch(job, List.of("a b"), dir, Map.of("GREETING", "hello",
        "PATH", "/usr/bin:/bin"), files);
    group = l.pid();
    int status = await(() -> ProcessLauncher.exitStatus(files), "the exit status");
    // then
    assertThat(status).isEqualTo(3);
    assertThat(Files.readString(files.stdout())).isEqualTo("out a b hello\n");
    assertThat(Files.readString(files.stderr())).isEqualTo("err\n");
    assertThat(ProcessGroups.groupOf(l.pid())).isEmpty(); // gone
  }

  @Test
  void theGroupLeaderIsTheStartedProcessAndStoppingTheGroupKillsItsChildren() throws Exception {
    // given: a job that starts a child of its own and waits
    Path job = script("sleep 300 & wait");
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(dir.resolve("attempt-1"));
    ProcessLauncher.Launched l = launcher.launch(job, List.of(), dir, Map.of("PATH", "/usr/bin:/bin"), files);
    group = l.pid();
    await(() -> ProcessGroups.members(l.pid()).size() >= 3 ? Optional.of(true) : Optional.empty(),
        "wrapper, script and sleep in the group");
    assertThat(ProcessGroups.groupOf(l.pid())).contains(l.pid());
    // when
    ProcessGroups.stop(l.pid(), Duration.ofSeconds(2));
    // then
    assertThat(ProcessGroups.members(l.pid())).isEmpty();
    assertThat(ProcessLauncher.exitStatus(files)).isEmpty();
  }

  @Test
  void aChildKilledBySomeoneElseLeavesItsSignalInTheExitStatus() throws Exception {
    // given
    Path job = script("exec sleep 300");
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(dir.resolve("attempt-1"));
    ProcessLauncher.Launched l = launcher.launch(job, List.of(), dir, Map.of("PATH", "/usr/bin:/bin"), files);
    group = l.pid();
    long sleeper = await(() -> ProcessGroups.members(l.pid()).stream().filter(p -> p != l.pid()).findFirst(),
        "the command's process");
    // when: kill -9 on the command, not on the agent's wrapper
    ProcessHandle.of(sleeper).orElseThrow().destroyForcibly();
    // then
    assertThat(await(() -> ProcessLauncher.exitStatus(files), "the exit status")).isEqualTo(137);
  }

  @Test
  void aStartedProcessIsRecognisedByPidAndStartTimeAndTheBootIdIsKnown() throws Exception {
    Path job = script("exec sleep 300");
    ProcessLauncher.Launched l = launcher.launch(job, List.of(), dir, Map.of("PATH", "/usr/bin:/bin"),
        ProcessLauncher.AttemptFiles.in(dir.resolve("attempt-1")));
    group = l.pid();
    assertThat(ProcessGroups.isSameProcess(l.pid(), l.startedAt())).isTrue();
    assertThat(ProcessGroups.isSameProcess(l.pid(), l.startedAt().minusSeconds(60))).isFalse();
    assertThat(ProcessGroups.bootId()).isNotBlank().isNotEqualTo("unknown");
  }
}
