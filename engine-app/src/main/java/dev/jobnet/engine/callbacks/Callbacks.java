package dev.jobnet.engine.callbacks;

import dev.jobnet.converter.yaml.Durations;
import dev.jobnet.engine.api.ApiException;
import dev.jobnet.engine.api.Problems;
import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.engine.callbacks.CallbackStore.Row;
import dev.jobnet.engine.jobs.Attempts;
import dev.jobnet.engine.jobs.StartMarker;
import dev.jobnet.engine.jobs.StartMarkerStore;
import dev.jobnet.engine.security.AsEngine;
import dev.jobnet.engine.security.Callers;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.RetryCount;
import dev.jobnet.protocol.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The callbacks of http jobs with {@code callback: true} ({@code docs/http-jobs.md}): the agent gets an
 * attempt's callback URL before it sends the request, and hands the job over once the backend accepted
 * it; from then on the engine holds the job (locked by {@link #ENGINE_WORKER}) until the backend posts
 * its result to the URL, or the job's timeout runs out. A result is applied as an agent's report would
 * be: {@code ok} completes the job, {@code fail} is a failed attempt, retried per the job's policy.
 */
@Component
public class Callbacks {

  /** The worker id the engine locks a job with while it waits for the backend. */
  public static final String ENGINE_WORKER = "jobnet-callbacks";
  /** The path of the callback URLs, below the engine app's base URL. */
  public static final String PATH = "/jobnet-api/callbacks/";
  /** How long the row of an attempt's callback is kept once decided (a late callback gets 409, not 404). */
  static final Duration KEPT = Duration.ofDays(30);
  /** The longest lock the engine takes at once on a waiting job; the sweeper renews it. */
  static final Duration LOCK = Duration.ofHours(2);

  private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

  private final CallbackStore store;
  private final ExternalTaskService tasks;
  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final IdentityService identity;
  private final StartMarkerStore markers;
  private final Attempts attempts;
  private final Callers callers;
  private final TransactionTemplate transaction;
  private final CallbacksProperties properties;
  private final Clock clock;
  private final RandomGenerator random = RandomGenerator.getDefault();

  Callbacks(CallbackStore store, ExternalTaskService tasks, RuntimeService runtime, RepositoryService repository,
      IdentityService identity, StartMarkerStore markers, Attempts attempts, Callers callers,
      TransactionTemplate transaction, CallbacksProperties properties, Clock clock) {
    this.store = store;
    this.tasks = tasks;
    this.runtime = runtime;
    this.repository = repository;
    this.identity = identity;
    this.markers = markers;
    this.attempts = attempts;
    this.callers = callers;
    this.transaction = transaction;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The callback URL of an attempt, the same when asked again.
   *
   * @param requestBase the engine app's URL as the agent reached it, for when no base URL is configured
   */
  public String register(String taskId, String workerId, int attempt, String requestBase) {
    callers.requireAgentOrOperator();
    ExternalTask task = lockedBy(taskId, workerId);
    Row row = store.registered(taskId, attempt, task.getProcessInstanceId(), task.getActivityId(), clock.instant());
    String base = properties.baseUrl() != null ? properties.baseUrl().toString() : requestBase;
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH + row.token();
  }

  /**
   * The backend accepted the request: the engine holds the job from now on. The state of the attempt:
   * {@link CallbackState#WAITING}, or what its callback made of it when that came first.
   */
  public CallbackState handOver(String taskId, String workerId, int attempt) {
    callers.requireAgentOrOperator();
    Row row = store.of(taskId, attempt).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
        "attempt " + attempt + " of job " + taskId + " has no callback URL: ask for one first"));
    if (row.state() != CallbackState.REGISTERED) {
      return row.state();
    }
    ExternalTask task = task(taskId);
    if (task == null) {
      store.decide(row.token(), CallbackState.GONE, "the job ended before its backend's result", clock.instant());
      return CallbackState.GONE;
    }
    if (!workerId.equals(task.getWorkerId())) {
      throw notLockedByYou(taskId, workerId, task);
    }
    Instant deadline = timeout(task).map(t -> markers.of(taskId).filter(m -> m.attempt() == attempt)
        .map(StartMarker::startedAt).orElse(row.createdAt()).plus(t)).orElse(null);
    Instant waitUntil = deadline != null ? deadline : clock.instant().plus(properties.waitWithoutTimeout());
    Boolean moved = transaction.execute(status -> {
      if (!store.waiting(row.token(), waitUntil)) {
        return false;
      }
      AsEngine.call(identity, () -> {
        tasks.unlock(taskId);
        tasks.lock(taskId, ENGINE_WORKER, lockFor(waitUntil).toMillis());
        return null;
      });
      return true;
    });
    if (!Boolean.TRUE.equals(moved)) {
      return store.of(taskId, attempt).map(Row::state).orElse(CallbackState.GONE);
    }
    LOG.info("job {} ({}) attempt {}: handed over by {}; waiting for the backend until {}", taskId, task.getActivityId(),
        attempt, workerId, waitUntil);
    return CallbackState.WAITING;
  }

  /** A result the backend posted; what became of the attempt. */
  public CallbackState accept(String token, boolean ok, String message) {
    Row row = store.byToken(token).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
        "no such callback"));
    if (row.state().isDecidedByCallback()) {
      return row.state();
    }
    if (!row.state().isOpen()) {
      throw noLongerWaiting(row, row.state() == CallbackState.TIMED_OUT ? "its time ran out: " + row.message()
          : "the job was stopped, resolved or failed otherwise");
    }
    ExternalTask task = task(row.taskId());
    if (task == null) {
      store.decide(token, CallbackState.GONE, "the job ended before its backend's result", clock.instant());
      throw noLongerWaiting(row, "the job was stopped or resolved");
    }
    int current = attempts.current(task, offset(task));
    if (current != row.attempt()) {
      store.decide(token, CallbackState.GONE, "attempt " + current + " runs now", clock.instant());
      throw noLongerWaiting(row, "the job runs attempt " + current + " now");
    }
    String reason = ok ? null : "the backend reported fail" + (message == null || message.isBlank() ? ""
        : ": " + (message.length() > 1000 ? message.substring(0, 1000) + "..." : message));
    RetryPolicy policy = RetryPolicy.of(properties(task));
    int left = RetryCount.retriesAfter(policy.retries(), task.getRetries(), row.attempt());
    CallbackState next = ok ? CallbackState.SUCCEEDED : left > 0 ? CallbackState.RETRYING : CallbackState.FAILED;
    Boolean applied = transaction.execute(status -> {
      if (!store.decide(token, next, reason, clock.instant())) {
        return false;
      }
      AsEngine.call(identity, () -> {
        String worker = holder(task);
        switch (next) {
          case SUCCEEDED -> tasks.complete(task.getId(), worker, null, Map.of());
          case RETRYING -> tasks.handleFailure(task.getId(), worker, reason, reason, left,
              policy.waitAfter(row.attempt(), random::nextDouble).toMillis());
          default -> tasks.complete(task.getId(), worker, null, failed(reason));
        }
        return null;
      });
      return true;
    });
    if (!Boolean.TRUE.equals(applied)) {
      return store.byToken(token).map(Row::state).orElse(next);
    }
    LOG.info("job {} ({}) attempt {}: the backend reported {}: {}", task.getId(), task.getActivityId(), row.attempt(),
        ok ? "ok" : "fail", next);
    return next;
  }

  /**
   * One look at the jobs the engine waits on: those past their deadline FAILED, those ended otherwise
   * forgotten, the locks of the others renewed before they run out.
   */
  void sweep() {
    Instant now = clock.instant();
    for (Row row : store.waiting()) {
      try {
        sweep(row, now);
      } catch (RuntimeException e) {
        // another node got there first, or the job ended meanwhile: looked at again next time
        LOG.debug("callbacks: job {} attempt {} not settled now: {}", row.taskId(), row.attempt(), e.getMessage());
      }
    }
    store.forgetBefore(now.minus(KEPT));
  }

  private void sweep(Row row, Instant now) {
    ExternalTask task = task(row.taskId());
    if (task == null) {
      store.decide(row.token(), CallbackState.GONE, "the job was stopped or resolved", now);
      return;
    }
    if (row.deadline() != null && !now.isBefore(row.deadline())) {
      Optional<Duration> timeout = timeout(task);
      String reason = "no result from the backend within " + timeout.map(Durations::format)
          .orElse(Durations.format(properties.waitWithoutTimeout())) + " (a timeout is not retried)";
      transaction.executeWithoutResult(status -> {
        if (store.decide(row.token(), CallbackState.TIMED_OUT, reason, now)) {
          AsEngine.call(identity, () -> {
            tasks.complete(task.getId(), holder(task), null, failed(reason));
            return null;
          });
          LOG.info("job {} ({}) attempt {}: {}", task.getId(), task.getActivityId(), row.attempt(), reason);
        }
      });
      return;
    }
    if (ENGINE_WORKER.equals(task.getWorkerId()) && task.getLockExpirationTime() != null
        && task.getLockExpirationTime().toInstant().isBefore(now.plus(LOCK.dividedBy(2)))) {
      AsEngine.call(identity, () -> {
        tasks.extendLock(task.getId(), ENGINE_WORKER, lockFor(row.deadline()).toMillis());
        return null;
      });
    }
  }

  /** The engine's lock on a waiting job: up to the deadline and a little more, at most {@link #LOCK}. */
  private Duration lockFor(Instant until) {
    Duration left = until == null ? LOCK : Duration.between(clock.instant(), until).plusMinutes(1);
    return left.compareTo(LOCK) > 0 ? LOCK : left.isNegative() ? Duration.ofMinutes(1) : left;
  }

  /** Who holds the task's lock now; the engine locks it first when nobody does (an expired lock). */
  private String holder(ExternalTask task) {
    if (task.getWorkerId() != null && task.getLockExpirationTime() != null) {
      return task.getWorkerId();
    }
    tasks.lock(task.getId(), ENGINE_WORKER, Duration.ofMinutes(1).toMillis());
    return ENGINE_WORKER;
  }

  private static Map<String, Object> failed(String reason) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(ProcessVariables.RESULT, "FAILED");
    vars.put(ProcessVariables.RESULT_REASON, reason);
    return vars;
  }

  private ExternalTask lockedBy(String taskId, String workerId) {
    ExternalTask task = task(taskId);
    if (task == null) {
      throw new ApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "no external task " + taskId + ": the job is"
          + " no longer waiting for an agent (completed, stopped or resolved)");
    }
    if (!workerId.equals(task.getWorkerId())) {
      throw notLockedByYou(taskId, workerId, task);
    }
    return task;
  }

  private static ApiException notLockedByYou(String taskId, String workerId, ExternalTask task) {
    Map<String, Object> members = new HashMap<>();
    members.put("lockedBy", task.getWorkerId());
    return new ApiException(HttpStatus.CONFLICT, "NOT_LOCKED_BY_YOU", "task " + taskId + " is not locked by worker '"
        + workerId + "'" + (task.getWorkerId() == null ? " (nobody holds it)" : " but by '" + task.getWorkerId() + "'"),
        members);
  }

  private static ApiException noLongerWaiting(Row row, String why) {
    return new ApiException(HttpStatus.CONFLICT, "NOT_CURRENT", "attempt " + row.attempt() + " of this job no longer"
        + " waits for a result (" + why + "); nothing changed", Map.of("state", row.state().name()));
  }

  private ExternalTask task(String taskId) {
    return AsEngine.call(identity, () -> tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult());
  }

  private Object offset(ExternalTask task) {
    return AsEngine.call(identity, () -> runtime.getVariableLocal(task.getExecutionId(),
        ProcessVariables.ATTEMPT_OFFSET));
  }

  private Map<String, String> properties(ExternalTask task) {
    return AsEngine.call(identity, () -> ExtensionProperties.of(repository.getBpmnModelInstance(
        task.getProcessDefinitionId()), task.getActivityId()));
  }

  private Optional<Duration> timeout(ExternalTask task) {
    return Optional.ofNullable(properties(task).get(BpmnProperties.TIMEOUT)).map(Duration::parse);
  }
}
