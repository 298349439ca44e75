package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.EngineGateway.LockState;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.agent.job.Preflight;
import dev.jobnet.agent.journal.ForcedWrites;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.agent.process.ProcessLauncher;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner carries out what the watch decides, on real processes with a fake engine: a lost job is
 * killed and not reported, a job past its time limit is stopped and FAILED, a stopping agent stops
 * its jobs and reports them as failed attempts.
 */
class JobRunnerTest {

  @TempDir
  Path work;

  private final RecordingEngine engine = new RecordingEngine();

  private JobRunner runner() {
    return runner(Duration.ofMillis(500));
  }

  private JobRunner runner(Duration killGrace) {
    return runner(killGrace, new Journal(work));
  }

  private JobRunner runner(Duration killGrace, Journal journal) {
    AgentConfig config = new AgentConfig("http://127.0.0.1:1/engine-rest", null, null, "agent-a", List.of("default"),
        1, work, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1),
        killGrace, List.of());
    return new JobRunner(config, engine, journal, new ProcessLauncher(),
        new Preflight(Preflight.systemPath(), List.of()), new Reporter(engine, journal), Clock.systemUTC(),
        RandomGenerator.getDefault(), Map.of("PATH", System.getenv("PATH")));
  }

  private Path script(String body) throws Exception {
    Path s = work.resolve("job.sh");
    // The job's process group (field 5 of /proc/PID/stat), written before anything else.
    Files.writeString(s, "#!/bin/sh\ncut -d' ' -f5 /proc/$$/stat > " + work.resolve("job.pgid") + "\n" + body + "\n");
    assertThat(s.toFile().setExecutable(true)).isTrue();
    return s;
  }

  private static FetchedTask task(Path command, Map<String, String> more) {
    Map<String, String> props = new java.util.HashMap<>(Map.of(BpmnProperties.COMMAND, command.toString(),
        BpmnProperties.RETRIES, "2", BpmnProperties.BACKOFF, "PT7S", BpmnProperties.JITTER, "0"));
    props.putAll(more);
    return new FetchedTask("t1", Topics.of("default"), "work", "ai-1", "pi-1", null, null, props, Map.of());
  }

  private long group() throws Exception {
    return Long.parseLong(Files.readString(work.resolve("job.pgid")).trim());
  }

  @Test
  void everyLineAboutAJobSaysWhichJobOfWhichRunOnWhichAgent() throws Exception {
    Path job = script("exit 0");
    Map<String, String> props = new java.util.HashMap<>(Map.of(BpmnProperties.COMMAND, job.toString(),
        BpmnProperties.PATH, "/daily/work"));
    FetchedTask task = new FetchedTask("t1", Topics.of("default"), "work", "ai-1", "pi-1", null, null, props,
        Map.of(dev.jobnet.protocol.ProcessVariables.FULL_ANCESTOR_IDS, "root-1;pi-1",
            dev.jobnet.protocol.ProcessVariables.ANCESTOR_IDS, "pi-1"));
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(JobRunner.class);
    log.addAppender(lines);
    try {
      runner().run(task, new JobRunner.Handle());
    } finally {
      log.detachAppender(lines);
    }
    assertThat(lines.list).isNotEmpty().allSatisfy(line -> assertThat(line.getMDCPropertyMap())
        .containsEntry("rootRunId", "root-1").containsEntry("runId", "pi-1").containsEntry("jobPath", "/daily/work")
        .containsEntry("taskId", "t1").containsEntry("attempt", "1").containsEntry("agent", "agent-a"));
    assertThat(org.slf4j.MDC.getCopyOfContextMap()).as("nothing left on the thread").isNullOrEmpty();
  }

  @Test
  void aCommandWaitsForTheDiskBeforeItStartsAndWithItsOutcomeOnly() throws Exception {
    // given
    ForcedWrites disk = new ForcedWrites(work);
    Path job = script("exit 3");
    // when
    runner(Duration.ofMillis(500), new Journal(work, disk)).run(task(job, Map.of()), new JobRunner.Handle());
    // then: the claim and the pid are not waited for; the launch (with the job's directory) and the outcome are
    assertThat(disk.forced()).containsExactly("LAUNCHING", "dir jobs/t1", "dir jobs", "FINISHED");
    assertThat(engine.calls).anyMatch(c -> c.startsWith("failure t1 'exit status 3"));
    assertThat(new Journal(work).all()).isEmpty();
  }

  @Test
  void theEndOfAJobsProcessIsAwaitedWithoutAThreadPerJob() throws Exception {
    // given: a runner that ran a job already (the JDK's process reaper has its thread)
    JobRunner runner = runner();
    Path job = script("exit 0");
    runner.run(task(job, Map.of()), new JobRunner.Handle());
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();
    // when
    for (int i = 0; i < 10; i++) {
      runner.run(task(job, Map.of()), new JobRunner.Handle());
    }
    // then: Process.onExit would have started a thread per job on this machine of two cores
    assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(3);
    assertThat(engine.calls).filteredOn(c -> c.equals("complete t1 {}")).hasSize(11);
  }

  @Test
  void aCommandThatCannotStartHasItsClaimAndOutcomeOnDisk() throws Exception {
    // given: a command that does not exist
    ForcedWrites disk = new ForcedWrites(work);
    // when
    runner(Duration.ofMillis(500), new Journal(work, disk)).run(task(work.resolve("missing.sh"), Map.of()),
        new JobRunner.Handle());
    // then: the outcome's write makes the directory the claim made durable
    assertThat(disk.forced()).containsExactly("FINISHED", "dir jobs/t1", "dir jobs");
    assertThat(engine.calls).anyMatch(c -> c.startsWith("complete t1") && c.contains("FAILED"));
  }

  @Test
  void aJobTheEngineNoLongerWantsIsKilledWithItsGroupAndNotReported() throws Exception {
    // given: a job that ignores TERM, and an engine that says at the first heartbeat that the job is gone
    Path job = script("trap '' TERM; sleep 60 & sleep 60");
    engine.lockAnswer = LockState.LOST;
    // when
    runner().run(task(job, Map.of()), new JobRunner.Handle());
    // then
    assertThat(ProcessGroups.isAlive(group())).isFalse();
    assertThat(engine.calls).contains("marker t1 1", "extendLock t1")
        .noneMatch(c -> c.startsWith("complete") || c.startsWith("failure") || c.startsWith("output"));
    assertThat(new Journal(work).all()).isEmpty();
  }

  @Test
  void whatIsLeftOfAStoppedJobIgnoringTermIsKilledWithoutWaitingOutTheGrace() throws Exception {
    // given: a command that leaves a child ignoring TERM and a nohup'ed one; a kill grace of 60 s
    Path job = script("(trap '' TERM; exec sleep 120) & nohup sleep 120 >/dev/null 2>&1 & wait");
    engine.lockAnswer = LockState.LOST;
    long t0 = System.nanoTime();
    // when: the engine says at the first heartbeat that the job is gone (a force-stop)
    runner(Duration.ofSeconds(60)).run(task(job, Map.of()), new JobRunner.Handle());
    // then: the whole group is gone, long before the grace would have run out
    assertThat(ProcessGroups.isAlive(group())).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aCommandThatCatchesTermKeepsItsGraceToEndWhileItsChildIgnoringTermWaits() throws Exception {
    // given: a command that cleans up for 1 s when asked to stop, with a child that ignores TERM
    Path cleaned = work.resolve("cleaned");
    Path job = script("trap 'sleep 1; echo yes > " + cleaned + "; exit 143' TERM\n"
        + "(trap '' TERM; exec sleep 120) &\nwait");
    engine.lockAnswer = LockState.LOST;
    long t0 = System.nanoTime();
    // when
    runner(Duration.ofSeconds(60)).run(task(job, Map.of()), new JobRunner.Handle());
    // then: its clean-up ran to its end, then the child was killed without waiting out the grace
    assertThat(cleaned).hasContent("yes");
    assertThat(ProcessGroups.isAlive(group())).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aJobPastItsTimeLimitIsStoppedAndFailsWithoutRetry() throws Exception {
    Path job = script("sleep 60");
    runner().run(task(job, Map.of(BpmnProperties.TIMEOUT, "PT1S")), new JobRunner.Handle());
    assertThat(ProcessGroups.isAlive(group())).isFalse();
    assertThat(engine.calls).filteredOn(c -> c.startsWith("complete")).singleElement().asString()
        .contains("jobnetResult=FAILED").contains("timed out after PT1S");
  }

  @Test
  void aJobOfAStoppingAgentIsStoppedAndReportedAsAFailedAttemptToRunAgainAtOnce() throws Exception {
    Path job = script("sleep 60");
    JobRunner.Handle handle = new JobRunner.Handle();
    handle.interrupt();
    runner().run(task(job, Map.of()), handle);
    assertThat(ProcessGroups.isAlive(group())).isFalse();
    assertThat(engine.calls).contains("failure t1 'stopped because agent agent-a shut down (attempt 1)' retries=2 in=0");
  }

  @Test
  void aJobThatEndsByItselfIsReportedWithItsOutcomeAfterItsOutput() throws Exception {
    Path job = script("echo hello");
    runner().run(task(job, Map.of()), new JobRunner.Handle());
    assertThat(engine.calls).containsSubsequence("marker t1 1", "output t1 stdout 0+6 of 6", "complete t1 {}");
  }

  @Test
  void aJobWhoseFetchWroteItsMarkerStartsWithoutAskingForOne() throws Exception {
    Path job = script("echo hello");
    FetchedTask plain = task(job, Map.of());
    FetchedTask marked = new FetchedTask(plain.id(), plain.topic(), plain.activityId(), plain.activityInstanceId(),
        plain.processInstanceId(), null, null, plain.properties(), Map.of(ProcessVariables.START_MARKED, "1"));
    runner().run(marked, new JobRunner.Handle());
    assertThat(engine.calls).noneMatch(c -> c.startsWith("marker ")).contains("complete t1 {}");
  }

  @Test
  void aMarkerOfAnotherAttemptThanTheOneToRunIsNotTakenForIt() throws Exception {
    Path job = script("echo hello");
    FetchedTask plain = task(job, Map.of());
    FetchedTask markedForTwo = new FetchedTask(plain.id(), plain.topic(), plain.activityId(),
        plain.activityInstanceId(), plain.processInstanceId(), null, null, plain.properties(),
        Map.of(ProcessVariables.START_MARKED, "2"));
    runner().run(markedForTwo, new JobRunner.Handle());
    assertThat(engine.calls).containsSubsequence("marker t1 1", "complete t1 {}");
  }
}
