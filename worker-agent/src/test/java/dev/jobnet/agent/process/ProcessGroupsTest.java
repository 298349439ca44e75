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

  @Test
  void aGroupIgnoresTermOnlyWhenEveryMemberLeftIgnoresIt() throws Exception {
    // given: a group of its own whose leader (a shell with default TERM) has a child ignoring TERM
    parent = new ProcessBuilder("setsid", "sh", "-c", "(trap '' TERM; exec sleep 60) & echo $!; wait").start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      long child = Long.parseLong(out.readLine().trim());
      long group = awaitGroupOf(child);
      // then: the leader would end on TERM
      assertThat(ProcessGroups.ignoresTerm(group)).isFalse();
      // when: the leader ends on TERM
      ProcessGroups.terminate(group);
      parent.waitFor(10, TimeUnit.SECONDS);
      // then: what is left ignores TERM, and is still there
      assertThat(ProcessGroups.isRunning(child)).isTrue();
      assertThat(ProcessGroups.ignoresTerm(group)).isTrue();
      // and: stopping it does not wait out the grace
      long t0 = System.nanoTime();
      ProcessGroups.stop(group, Duration.ofSeconds(60));
      assertThat(ProcessGroups.isAlive(group)).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }
    assertThat(ProcessGroups.ignoresTerm(Integer.MAX_VALUE)).as("no such group").isFalse();
  }

  private static long awaitGroupOf(long pid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var group = ProcessGroups.groupOf(pid);
      if (group.isPresent() && ProcessGroups.members(group.get()).size() == 2) {
        return group.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("process " + pid + " and its shell not seen in one group within 10 s");
  }
}
