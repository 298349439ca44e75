package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.agent.http.AgentSecrets;
import dev.jobnet.agent.http.HttpCall;
import dev.jobnet.agent.job.JobEnvironment;
import dev.jobnet.agent.job.Outcome;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessLauncher;
import dev.jobnet.agent.watch.JobWatch;
import dev.jobnet.agent.watch.StopReason;
import dev.jobnet.agent.watch.WatchState;
import dev.jobnet.protocol.RetryPolicy;
import dev.jobnet.protocol.http.HttpJobSpec;
import dev.jobnet.protocol.http.Placeholders;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of an http job on this agent, after its start marker: the request sent with its
 * {@code Idempotency-Key}, heartbeats while it waits for the answer, the job's time limit, the answer
 * as the job's outcome and log; with {@code callback: true}, a 2xx hands the job over to the engine,
 * which waits for the backend's result.
 *
 * <p>The job stays CLAIMED in the journal until the answer is read: an agent that stops (or dies)
 * while the request is out gives the job back, and the next agent sends the same attempt again, with
 * the same key, which the backend recognizes. That is why an http job never counts as started in the
 * sense of a process that might still be running.
 */
final class HttpJobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(HttpJobRunner.class);
  /** How often a waiting runner looks whether the agent shuts down. */
  private static final long SHUTDOWN_CHECK_MILLIS = 500;

  private final AgentConfig config;
  private final EngineGateway engine;
  private final Journal journal;
  private final Clock clock;
  private final AgentSecrets secrets;
  private final HttpClient client;
  private final JobRunner runner;

  HttpJobRunner(AgentConfig config, EngineGateway engine, Journal journal, Clock clock, AgentSecrets secrets,
      HttpClient client, JobRunner runner) {
    this.config = config;
    this.engine = engine;
    this.journal = journal;
    this.clock = clock;
    this.secrets = secrets;
    this.client = client;
    this.runner = runner;
  }

  void run(FetchedTask task, JobRunner.Handle handle, RetryPolicy plan, JobRecord record, HttpJobSpec spec) {
    int attempt = record.attempt();
    Optional<String> callbackUrl = Optional.empty();
    if (spec.callback()) {
      try {
        callbackUrl = engine.registerCallback(task.id(), attempt);
      } catch (EngineUnavailableException e) {
        // not sent, and it stays so: the delivery round gives the job back once the engine answers
        LOG.warn("job {} ({}): no callback URL ({}); not sending the request", task.id(), task.activityId(),
            e.getMessage());
        return;
      }
      if (callbackUrl.isEmpty()) {
        LOG.warn("job {} ({}): the engine gave no callback URL (the job is gone or no longer ours); not sending",
            task.id(), task.activityId());
        journal.close(record.to(JobPhase.ABANDONED));
        return;
      }
    }
    Duration timeout = record.timeoutMillis() == null ? null : Duration.ofMillis(record.timeoutMillis());
    HttpRequest request;
    try {
      request = HttpCall.request(spec, new HttpCall.Context(task.activityInstanceId(), JobEnvironment.rootRunId(task),
          attempt, HttpCall.params(task.variables()), secrets, callbackUrl, timeout));
    } catch (Placeholders.MissingValueException | IllegalArgumentException e) {
      runner.finish(record, Outcome.cannotRun("cannot send " + spec.display() + ": " + e.getMessage()), plan);
      return;
    }
    String key = HttpJobSpec.idempotencyKey(task.activityInstanceId(), attempt);
    LOG.info("job {} ({}) attempt {}: {} (Idempotency-Key {})", task.id(), task.activityId(), attempt, spec.display(),
        key);
    CompletableFuture<HttpCall.Answer> answer = HttpCall.send(client, request, clock);
    Instant deadline = timeout == null ? null : Instant.ofEpochMilli(record.claimedAt()).plus(timeout);
    JobWatch watch = new JobWatch(clock, config.heartbeat(), config.lock(), config.killGrace(), deadline);
    HttpCall.Answer a = null;
    while (a == null) {
      if (handle.interrupted.get()) {
        answer.cancel(true);
        LOG.info("job {} ({}): the agent stops while its request is out; given back, to be sent again as attempt {}"
            + " with the same Idempotency-Key", task.id(), task.activityId(), attempt);
        return; // CLAIMED: the delivery round gives it back
      }
      a = await(answer, Math.max(1, Math.min(watch.untilNext().toMillis(), SHUTDOWN_CHECK_MILLIS)));
      if (a != null) {
        break;
      }
      JobWatch.Action action = watch.tick();
      if (action == JobWatch.Action.HEARTBEAT) {
        heartbeat(record, watch);
      }
      if (watch.stopReason() == StopReason.LOST) {
        answer.cancel(true);
        LOG.warn("job {} ({}): the engine no longer wants it (stopped or resolved); request abandoned", task.id(),
            task.activityId());
        journal.close(record.to(JobPhase.ABANDONED));
        return;
      }
      if (watch.stopReason() == StopReason.TIMED_OUT) {
        answer.cancel(true);
        write(record, spec.display() + "\n" + HttpJobSpec.IDEMPOTENCY_KEY + ": " + key + "\nno answer within "
            + timeout + "\n");
        ship(record);
        runner.finish(record, Outcome.timedOut(timeout.toString()), plan);
        return;
      }
    }
    write(record, HttpCall.log(spec.display(), key, a));
    ship(record);
    Outcome outcome = HttpCall.outcome(spec.display(), a);
    if (outcome.kind() == Outcome.Kind.SUCCEEDED && spec.callback()) {
      handOver(record, watch, spec);
      return;
    }
    Long retryIn = outcome.kind() == Outcome.Kind.RETRYABLE ? a.retryAfter().map(Duration::toMillis).orElse(null)
        : null;
    if (retryIn != null) {
      // the backend's wait, but never shorter than the policy's
      retryIn = Math.max(retryIn, plan.waitAfter(attempt).toMillis());
    }
    runner.finish(record, outcome, plan, retryIn, ProcessLauncher.AttemptFiles.in(journal.directory(record.taskId())));
  }

  /**
   * The backend took the request and reports later: the engine waits for its callback from now on.
   * Asked until the engine answers, with heartbeats meanwhile.
   */
  private void handOver(JobRecord record, JobWatch watch, HttpJobSpec spec) {
    while (true) {
      try {
        Optional<String> state = engine.awaitCallback(record.taskId(), record.attempt());
        LOG.info("job {} ({}): {} accepted; the engine waits for the backend's result ({})", record.taskId(),
            record.activityId(), spec.display(), state.orElse("the job is gone"));
        journal.close(record.to(JobPhase.HANDED_OVER));
        return;
      } catch (EngineUnavailableException e) {
        LOG.warn("job {}: could not hand it over to the engine ({}); trying again", record.taskId(), e.getMessage());
        JobRunner.pause(Duration.ofSeconds(1));
        if (watch.tick() == JobWatch.Action.HEARTBEAT) {
          heartbeat(record, watch);
        }
        if (watch.stopReason() == StopReason.LOST) {
          journal.close(record.to(JobPhase.ABANDONED));
          return;
        }
      }
    }
  }

  /** The attempt's log to the engine, before its outcome (once the task is gone, nothing can be shipped). */
  private void ship(JobRecord record) {
    new OutputShipper(engine, record.taskId(), record.attempt(), files(record).stdout(), files(record).stderr())
        .shipAll();
  }

  private void heartbeat(JobRecord record, JobWatch watch) {
    WatchState before = watch.state();
    try {
      watch.answered(engine.extendLock(record.taskId(), config.lock()));
    } catch (EngineUnavailableException e) {
      if (before != WatchState.UNREACHABLE) {
        LOG.warn("job {}: heartbeat failed ({}); the request goes on", record.taskId(), e.getMessage());
      }
      watch.unreachable();
    }
  }

  private ProcessLauncher.AttemptFiles files(JobRecord record) {
    return ProcessLauncher.AttemptFiles.in(journal.directory(record.taskId()));
  }

  /** The attempt's log: what the operator reads as the job's stdout. */
  private void write(JobRecord record, String text) {
    ProcessLauncher.AttemptFiles files = files(record);
    try {
      Files.createDirectories(files.stdout().getParent());
      Files.writeString(files.stdout(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      LOG.warn("job {}: its log could not be written: {}", record.taskId(), e.getMessage());
    }
  }

  private static HttpCall.Answer await(CompletableFuture<HttpCall.Answer> answer, long millis) {
    try {
      return answer.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      return new HttpCall.Answer(null, "", Optional.empty(), e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
