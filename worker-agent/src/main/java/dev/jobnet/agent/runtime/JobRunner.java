package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineGateway.MarkerResult;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.agent.http.AgentSecrets;
import dev.jobnet.agent.job.CommandLine;
import dev.jobnet.agent.job.JobEnvironment;
import dev.jobnet.agent.job.Outcome;
import dev.jobnet.agent.job.Preflight;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.protocol.JobMdc;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.agent.process.ProcessLauncher;
import dev.jobnet.agent.watch.JobWatch;
import dev.jobnet.agent.watch.StopReason;
import dev.jobnet.agent.watch.WatchState;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.RetryPolicy;
import dev.jobnet.protocol.http.HttpJobSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job on this agent, from fetch to report: journal, start marker, preflight, start in its own
 * process group, heartbeats, time limit, outcome, report. Each step is journaled before it is taken,
 * so a crash anywhere leaves a record that tells a restarted agent what to do.
 */
final class JobRunner {

  static final int DETAIL_BYTES = 2_000;
  /** Output shipped per stream at each heartbeat while a job runs; the rest follows at its end. */
  static final long OUTPUT_PER_HEARTBEAT = 8L << 20;
  /** How often a waiting runner looks whether the agent shuts down. */
  private static final long SHUTDOWN_CHECK_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final AgentConfig config;
  private final EngineGateway engine;
  private final Journal journal;
  private final ProcessLauncher launcher;
  private final Preflight preflight;
  /** What this JVM encodes a command's words and environment in: the same for every job. */
  private final Charset processCharset = Preflight.processCharset();
  private final Reporter reporter;
  private final Clock clock;
  private final RandomGenerator random;
  private final Map<String, String> agentEnvironment;
  private final HttpJobRunner http;

  JobRunner(AgentConfig config, EngineGateway engine, Journal journal, ProcessLauncher launcher, Preflight preflight,
      Reporter reporter, Clock clock, RandomGenerator random, Map<String, String> agentEnvironment) {
    this(config, engine, journal, launcher, preflight, reporter, clock, random, agentEnvironment,
        AgentSecrets.of(agentEnvironment));
  }

  JobRunner(AgentConfig config, EngineGateway engine, Journal journal, ProcessLauncher launcher, Preflight preflight,
      Reporter reporter, Clock clock, RandomGenerator random, Map<String, String> agentEnvironment,
      AgentSecrets secrets) {
    this.config = config;
    this.engine = engine;
    this.journal = journal;
    this.launcher = launcher;
    this.preflight = preflight;
    this.reporter = reporter;
    this.clock = clock;
    this.random = random;
    this.agentEnvironment = agentEnvironment;
    this.http = new HttpJobRunner(config, engine, journal, clock, secrets,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER)
            .build(), this);
  }

  /** A job that is being run; {@link #interrupt} asks it to stop (agent shutdown). */
  static final class Handle {
    final AtomicBoolean interrupted = new AtomicBoolean();
    final AtomicBoolean detached = new AtomicBoolean();
    volatile String taskId;

    void interrupt() {
      interrupted.set(true);
    }

    /** Stop watching and leave the process running, for the next agent (a restart with {@code detach}). */
    void detach() {
      detached.set(true);
    }
  }

  /** Runs a fetched job to its report (or leaves it journaled for the delivery round). */
  void run(FetchedTask task, Handle handle) {
    handle.taskId = task.id();
    RetryPolicy plan = RetryPolicy.of(task.properties());
    int attempt = plan.attempt(task.retries(), attemptOffset(task));
    Long timeout = Optional.ofNullable(task.properties().get(BpmnProperties.TIMEOUT)).map(Duration::parse)
        .map(Duration::toMillis).orElse(null);
    String command = task.properties().getOrDefault(BpmnProperties.COMMAND, "");
    JobRecord record = new JobRecord(task.id(), task.topic(), task.activityId(), task.processInstanceId(), command,
        attempt, plan.retriesAfter(task.retries(), attempt), clock.millis(), null, null, null, JobPhase.CLAIMED, null, null,
        null, null, null, timeout, JobEnvironment.rootRunId(task), JobEnvironment.jobPath(task));
    try (JobMdc ignored = mdc(record)) {
      run(task, handle, plan, record);
    }
  }

  /** The job a log line is about (logging's MDC), from its journal record. */
  JobMdc mdc(JobRecord record) {
    return mdc(record, config.name());
  }

  /** The job a log line is about (logging's MDC), from its journal record, on agent {@code agent}. */
  static JobMdc mdc(JobRecord record, String agent) {
    return JobMdc.of(record.rootRunId(), record.processInstanceId(), record.jobPath(), record.taskId(),
        record.attempt(), agent);
  }

  private void run(FetchedTask task, Handle handle, RetryPolicy plan, JobRecord claimed) {
    JobRecord record = claimed;
    int attempt = record.attempt();
    String command = record.command();
    Optional<HttpJobSpec> request = HttpJobSpec.of(task.properties());
    if (request.isPresent()) {
      // an http job stays CLAIMED while its request is out, however long: that record must outlive a host crash
      journal.write(record);
    } else {
      // A command is journaled again, on disk, before it starts (LAUNCHING): a host that goes down before
      // that started nothing, and this record only saves the job's give-back (without it the engine sees
      // the job's marker go silent and makes it STUCK for an operator: never run twice, never lost).
      journal.note(record);
    }

    MarkerResult marker;
    try {
      // written by the fetch itself for this attempt (protocol: "Start markers written by the fetch"),
      // else asked for now
      marker = task.markedAttempt().filter(a -> a == attempt).isPresent() ? MarkerResult.PLACED
          : engine.placeStartMarker(task.id(), attempt);
    } catch (EngineUnavailableException e) {
      // Not started and it stays so: the delivery round gives the job back once the engine answers.
      LOG.warn("job {} ({}): start marker not written ({}); not starting it", task.id(), task.activityId(),
          e.getMessage());
      return;
    }
    if (marker != MarkerResult.PLACED) {
      LOG.warn("job {} ({}): not started, the engine says {}", task.id(), task.activityId(), marker);
      journal.close(record.to(marker == MarkerResult.ALREADY_STARTED ? JobPhase.ABANDONED : JobPhase.RELEASED));
      return;
    }

    if (request.isPresent()) {
      http.run(task, handle, plan, record, request.get());
      return;
    }
    Path workdir = Path.of(task.properties().getOrDefault(BpmnProperties.WORKDIR, System.getProperty("user.dir")));
    CommandLine line;
    try {
      line = CommandLine.parse(command);
    } catch (IllegalArgumentException e) {
      finish(record, Outcome.cannotRun("cannot read the command '" + command + "': " + e.getMessage()), plan);
      return;
    }
    Preflight.Result check = preflight.check(line, workdir);
    if (!check.ok()) {
      finish(record, Outcome.cannotRun(check.problem()), plan);
      return;
    }
    Map<String, String> environment = JobEnvironment.of(task, attempt, agentEnvironment);
    Optional<String> unencodable = Preflight.unencodable(line, environment, processCharset);
    if (unencodable.isPresent()) {
      finish(record, Outcome.cannotRun(unencodable.get()), plan);
      return;
    }
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(journal.directory(task.id()));
    // Journaled before the launch: an agent dying between the launch and the next write finds the
    // process by the pid its wrapper writes, instead of taking the job for never started.
    record = record.launching(ProcessGroups.bootId());
    journal.write(record);
    ProcessLauncher.Launched launched;
    try {
      launched = launcher.launch(check.executable().get(), line.argv().subList(1, line.argv().size()), workdir,
          environment, files);
    } catch (IOException e) {
      finish(record, Outcome.cannotRun("cannot start " + check.executable().get() + ": " + e.getMessage()), plan);
      return;
    }
    record = record.started(launched.pid(), launched.startedAt().toEpochMilli(), ProcessGroups.bootId());
    // Not waited for: an agent that dies finds it, and a host that goes down takes the process with it,
    // which the LAUNCHING record on disk already tells a restarted agent (Recovery: lost with the host).
    journal.note(record);
    LOG.info("job {} ({}) attempt {} started: pid {}", task.id(), task.activityId(), attempt, launched.pid());
    watch(record, ProcessExit.of(launched.process()), handle, plan);
  }

  /** Goes on watching a job whose process survived an agent restart. */
  void resume(JobRecord record, Handle handle) {
    try (JobMdc ignored = mdc(record)) {
      watchAgain(record, handle);
    }
  }

  private void watchAgain(JobRecord record, Handle handle) {
    handle.taskId = record.taskId();
    ProcessExit exit = ProcessExit.ofPid(record.pid());
    LOG.info("job {} ({}): its process {} still runs; watching it again", record.taskId(), record.activityId(),
        record.pid());
    watch(record, exit, handle, null);
  }

  private void watch(JobRecord record, ProcessExit exit, Handle handle, RetryPolicy plan) {
    Instant deadline = record.timeoutMillis() == null ? null
        : Instant.ofEpochMilli(record.processStart()).plusMillis(record.timeoutMillis());
    JobWatch watch = new JobWatch(clock, config.heartbeat(), config.lock(), config.killGrace(), deadline);
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(journal.directory(record.taskId()));
    OutputShipper output = new OutputShipper(engine, record.taskId(), record.attempt(), files.stdout(),
        files.stderr());
    while (watch.state() != WatchState.ENDED) {
      if (handle.detached.get()) {
        // no more heartbeats from here: the stopping agent extends the lock once for the restart
        LOG.info("job {} ({}): left running (pid {}) for the next agent of this name", record.taskId(),
            record.activityId(), record.pid());
        return;
      }
      if (watch.state().isRunning()) {
        if (exit.await(Math.max(1, Math.min(watch.untilNext().toMillis(), SHUTDOWN_CHECK_MILLIS)))) {
          watch.ended();
          break;
        }
        if (handle.interrupted.get()) {
          carryOut(watch.shutdown(), record);
        }
      } else {
        sleep(Math.max(1, Math.min(watch.untilNext().toMillis(), JobWatch.KILL_REPEAT.toMillis())));
        List<Long> left = ProcessGroups.members(record.pid());
        if (left.isEmpty()) {
          watch.ended();
          break;
        }
        if (watch.state() == WatchState.TERMINATING && ProcessGroups.allIgnoreTerm(left)) {
          LOG.info("job {} ({}): what is left of process group {} ignores TERM; KILL without waiting out the grace",
              record.taskId(), record.activityId(), record.pid());
          carryOut(watch.termIgnored(), record);
        }
      }
      JobWatch.Action action = watch.tick();
      if (action == JobWatch.Action.HEARTBEAT) {
        heartbeat(record, watch, output);
      } else {
        carryOut(action, record);
      }
    }
    if (watch.stopReason() == StopReason.LOST) {
      journal.close(record.to(JobPhase.ABANDONED));
      return;
    }
    output.shipAll();
    if (watch.stopReason() == StopReason.SHUTDOWN) {
      finish(record, new Outcome(Outcome.Kind.RETRYABLE, null, "stopped because agent " + config.name()
          + " shut down"), plan, 0L, files);
      return;
    }
    if (watch.stopReason() == StopReason.TIMED_OUT) {
      finish(record, Outcome.timedOut(Duration.ofMillis(record.timeoutMillis()).toString()), plan, null, files);
      return;
    }
    Optional<Integer> status = ProcessLauncher.exitStatus(files);
    Outcome outcome = status.map(Outcome::ofExitStatus).orElseGet(() -> new Outcome(Outcome.Kind.RETRYABLE, null,
        "the process ended without an exit status (its wrapper was killed)"));
    finish(record, outcome, plan, null, files);
  }

  /** One heartbeat: extend the lock, say what the answer means, ship new output while the job is ours. */
  private void heartbeat(JobRecord record, JobWatch watch, OutputShipper output) {
    WatchState before = watch.state();
    try {
      JobWatch.Action action = watch.answered(engine.extendLock(record.taskId(), config.lock()));
      if (action == JobWatch.Action.TERM) {
        LOG.warn("job {} ({}): the engine no longer wants it (stopped, resolved or taken over); stopping its"
            + " process group {}", record.taskId(), record.activityId(), record.pid());
        carryOut(action, record);
        return;
      }
      if (watch.state() == WatchState.EXPIRED && before != WatchState.EXPIRED) {
        LOG.info("job {}: lock expired while the engine was out of reach; the job goes on and reports later",
            record.taskId());
      } else if (watch.state() == WatchState.HELD && before != WatchState.HELD) {
        LOG.info("job {}: the engine answers again; lock held", record.taskId());
      }
      output.ship(OUTPUT_PER_HEARTBEAT);
    } catch (EngineUnavailableException e) {
      if (before != WatchState.UNREACHABLE) {
        LOG.warn("job {}: heartbeat failed ({}); the job goes on", record.taskId(), e.getMessage());
      }
      watch.unreachable();
    }
  }

  private void carryOut(JobWatch.Action action, JobRecord record) {
    switch (action) {
      case TERM -> ProcessGroups.terminate(record.pid());
      case KILL -> ProcessGroups.kill(record.pid());
      default -> { }
    }
  }

  void finish(JobRecord record, Outcome outcome, RetryPolicy plan) {
    finish(record, outcome, plan, null, ProcessLauncher.AttemptFiles.in(journal.directory(record.taskId())));
  }

  void finish(JobRecord record, Outcome outcome, RetryPolicy plan, Long retryIn,
      ProcessLauncher.AttemptFiles files) {
    Long wait = retryIn;
    if (wait == null && outcome.kind() == Outcome.Kind.RETRYABLE) {
      RetryPolicy p = plan != null ? plan : RetryPolicy.DEFAULT;
      wait = p.waitAfter(record.attempt(), random::nextDouble).toMillis();
    }
    JobRecord finished = record.finished(outcome.kind().name(), outcome.exitStatus(), outcome.reason(),
        details(files), wait);
    journal.write(finished);
    LOG.info("job {} ({}) attempt {}: {}", record.taskId(), record.activityId(), record.attempt(),
        outcome.reason() == null ? "succeeded" : outcome.reason());
    try {
      if (!reporter.deliver(finished)) {
        LOG.warn("job {}: the engine kept refusing the report (collisions); it stays in the journal and is sent"
            + " again", record.taskId());
      }
    } catch (EngineUnavailableException e) {
      LOG.warn("job {}: outcome kept in the journal until the engine answers ({})", record.taskId(), e.getMessage());
    }
  }

  /** The end of stderr and stdout, for the operator's error details. */
  static String details(ProcessLauncher.AttemptFiles files) {
    StringBuilder sb = new StringBuilder();
    appendTail(sb, "stderr", files.stderr());
    appendTail(sb, "stdout", files.stdout());
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void appendTail(StringBuilder sb, String name, Path file) {
    if (!Files.exists(file)) {
      return;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      if (len == 0) {
        return;
      }
      long from = Math.max(0, len - DETAIL_BYTES);
      byte[] b = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(b);
      sb.append("--- end of ").append(name).append(from > 0 ? " (last " + b.length + " of " + len + " bytes)" : "")
          .append(" ---\n").append(new String(b, StandardCharsets.UTF_8)).append('\n');
    } catch (IOException e) {
      sb.append("--- ").append(name).append(" unreadable: ").append(e.getMessage()).append(" ---\n");
    }
  }

  /**
   * The end of a job's process, awaited on the job's own thread: the JDK's wait for a process this agent
   * started (no thread per job, as {@code Process.onExit} takes on a machine of two cores), or a look
   * every {@value #PID_POLL_MILLIS} ms at the pid of one that survived a restart.
   */
  @FunctionalInterface
  interface ProcessExit {

    long PID_POLL_MILLIS = 200;

    /** Waits up to {@code millis}; true once the process has ended (false as well when interrupted). */
    boolean await(long millis);

    static ProcessExit of(Process process) {
      return millis -> {
        try {
          return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      };
    }

    static ProcessExit ofPid(long pid) {
      return millis -> {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (ProcessGroups.isAlive(pid)) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0 || Thread.currentThread().isInterrupted()) {
            return false;
          }
          sleep(Math.min(left, PID_POLL_MILLIS));
        }
        return true;
      };
    }
  }

  static void pause(Duration d) {
    sleep(d.toMillis());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The runs an operator's RETRY added beyond the job's policy ({@code jobnetAttemptOffset}); 0 without one. */
  static int attemptOffset(FetchedTask task) {
    String v = task.variables().get(ProcessVariables.ATTEMPT_OFFSET);
    try {
      return v == null ? 0 : Math.max(0, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
