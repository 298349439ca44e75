package dev.jobnet.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real processes, as the agent finds them after a restart. */
class ProcessGroupsTest {

  private Process parent;

  @AfterEach
  void stop() throws InterruptedException {
    if (parent != null) {
      parent.destroyForcibly();
      parent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Waits (at most 10 s) until {@code pid} is a zombie: ended, not reaped. */
  private static void awaitZombie(long pid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("process " + pid + " did not become a zombie within 10 s");
  }

  @Test
  void aProcessThatEndedButWasNotReapedDoesNotRunThoughJavaCallsItAlive() throws Exception {
    // given: a child that ends under a parent that never waits for it (exec sleep), as an orphan under
    // a PID 1 that reaps nothing; the child ends a second later, once its shell has become sleep (a
    // shell that has not yet exec'd reaps its ended background job itself)
    parent = new ProcessBuilder("sh", "-c", "(sleep 1; exec true) & echo $!; exec sleep 60").start();
    long child;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      child = Long.parseLong(out.readLine().trim());
      awaitZombie(child);
      // then
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).as("Java's view of a zombie").contains(true);
      assertThat(ProcessGroups.isRunning(child)).isFalse();
      assertThat(ProcessGroups.isSameProcess(child, Instant.now())).isFalse();
      assertThat(ProcessGroups.isRunning(parent.pid())).isTrue();
    }
  }

  @Test
  void aRunningProcessRunsAndIsItselfAtItsStartTimeAndAMissingOneDoesNotRun() throws Exception {
    // given
    parent = new ProcessBuilder("sleep", "60").start();
    Instant started = parent.toHandle().info().startInstant().orElseThrow();
    // then
    assertThat(ProcessGroups.isRunning(parent.pid())).isTrue();
    assertThat(ProcessGroups.isSameProcess(parent.pid(), started)).isTrue();
    assertThat(ProcessGroups.isSameProcess(parent.pid(), started.minusSeconds(60))).as("a recycled pid").isFalse();
    assertThat(ProcessGroups.isRunning(Integer.MAX_VALUE)).as("no such process").isFalse();
  }
}
