package dev.jobnet.engine.jobs;

import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.jobs.ReleaseOutcome.NotYours;
import dev.jobnet.engine.jobs.ReleaseOutcome.Released;
import dev.jobnet.engine.jobs.StartMarker.SecondStart;
import dev.jobnet.engine.jobs.StartOutcome.AlreadyStarted;
import dev.jobnet.engine.jobs.StartOutcome.NotLockedByYou;
import dev.jobnet.engine.jobs.StartOutcome.Started;
import dev.jobnet.engine.security.AsEngine;
import dev.jobnet.engine.semantics.JobnetVariables;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The start marker and the re-delivery guard ({@code docs/agent-protocol.md}). Each call is one
 * transaction around the engine's commands, run as the caller: what the engine does not let the
 * caller do fails as a whole. A marker placed is the event JOB_STARTED, in the same transaction.
 *
 * <p>Two agents can never both get "started" for one attempt: only the worker holding the lock may
 * post, and two markers written at once for one execution collide on the engine's unique variable
 * key or its optimistic locking, so the later one fails and, retried, finds the first.
 */
@Service
public class StartMarkers {

  /** How every message of the guard begins, for people and programs searching for it. */
  public static final String SECOND_START = "second start detected";

  private static final Logger LOG = LoggerFactory.getLogger(StartMarkers.class);

  private final ExternalTaskService tasks;
  private final RuntimeService runtime;
  private final Attempts attempts;
  private final JobsAccess access;
  private final JobsProperties properties;
  private final EventLog events;
  private final IdentityService identity;
  private final Clock clock;

  StartMarkers(ExternalTaskService tasks, RuntimeService runtime, Attempts attempts, JobsAccess access,
      JobsProperties properties, EventLog events, IdentityService identity, Clock clock) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.attempts = attempts;
    this.access = access;
    this.properties = properties;
    this.events = events;
    this.identity = identity;
    this.clock = clock;
  }

  /**
   * Records that {@code workerId} is about to start attempt {@code attempt} of the job, unless the
   * job is not locked by it, or was already started (then, if by another agent, the job is made
   * STUCK and given back to that agent).
   */
  @Transactional
  public StartOutcome start(String taskId, String workerId, int attempt) {
    access.requireAgentOrOperator();
    requireAttempt(attempt);
    // As the engine: an agent or operator may do this to any job, which the engine's per-row
    // authorization checks (several queries per call, on every job) could only confirm.
    return AsEngine.call(identity, () -> startChecked(taskId, workerId, attempt));
  }

  private StartOutcome startChecked(String taskId, String workerId, int attempt) {
    ExternalTask task = task(taskId);
    if (!workerId.equals(task.getWorkerId())) {
      return new NotLockedByYou(task.getWorkerId(),
          task.getLockExpirationTime() == null ? null : task.getLockExpirationTime().toInstant());
    }
    Optional<StartMarker> existing = marker(task);
    if (existing.isPresent() && existing.get().attempt() >= attempt) {
      StartMarker marker = existing.get();
      if (marker.isOf(workerId, attempt)) {
        return new Started(marker, true);
      }
      if (marker.agent().equals(workerId)) {
        // its own later attempt is on the job: a stale request; nothing to guard against
        return new AlreadyStarted(marker, false, null);
      }
      return guard(task, marker, workerId, attempt);
    }
    StartMarker marker = StartMarker.of(workerId, attempt, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    runtime.setVariableLocal(task.getExecutionId(), JobnetVariables.START_MARKER, marker.toJson());
    events.record(NewEvent.of(EventKind.JOB_STARTED).inProcessInstance(task.getProcessInstanceId())
        .element(task.getActivityId()).tenant(task.getTenantId()).actor(workerId)
        .message(task.getActivityId() + " started by agent " + workerId + " (attempt " + attempt + ")")
        .detail("agent", workerId).detail("attempt", attempt));
    return new Started(marker, false);
  }

  /**
   * The re-delivery guard: {@code secondAgent} fetched a job {@code marker.agent()} already
   * started. Set its retries to 0 with a message (Camunda's {@code failedExternalTask} incident:
   * STUCK, and no agent can fetch it), locked by the first agent again so that its late report is
   * accepted and its heartbeats go on: unlock, lock for the first agent, then handleFailure as that
   * agent, all in this transaction.
   */
  private AlreadyStarted guard(ExternalTask task, StartMarker marker, String secondAgent, int attempt) {
    String message = SECOND_START + ": already started by agent " + marker.agent() + " at " + marker.startedAt()
        + " (attempt " + marker.attempt() + "); the outcome is unknown until agent " + marker.agent()
        + " reports or an operator resolves it";
    String details = message + ".\n\nAgent " + secondAgent + " fetched this job again (its attempt " + attempt
        + ") after the lock of agent " + marker.agent() + " had expired, and was stopped before starting it a "
        + "second time. The job stays with agent " + marker.agent() + ": when it reports, its outcome is applied "
        + "and this incident goes away. If it never reports, check the machine of agent " + marker.agent()
        + " (is the command still running? did it finish?), then resolve the job: SUCCEEDED, FAILED, or RETRY to "
        + "run it again.";
    long lock = properties.returnedLockDuration().toMillis();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    tasks.unlock(task.getId());
    tasks.lock(task.getId(), marker.agent(), lock);
    tasks.handleFailure(task.getId(), marker.agent(), message, details, 0, lock);
    runtime.setVariableLocal(task.getExecutionId(), JobnetVariables.START_MARKER,
        marker.withSecondStart(new SecondStart(secondAgent, attempt, now, task.getRetries())).toJson());
    LOG.warn("Job {} ({} of run {}): {}; agent {} was stopped from starting it again (attempt {})",
        task.getId(), task.getActivityId(), task.getProcessInstanceId(), message, secondAgent, attempt);
    return new AlreadyStarted(marker, true, message);
  }

  /**
   * The agent never started the command: remove its marker and give the task back if it still
   * holds the lock. A job the guard made STUCK meanwhile gets its retries back, so any agent can
   * fetch it again.
   */
  @Transactional
  public ReleaseOutcome release(String taskId, String workerId, int attempt) {
    access.requireAgentOrOperator();
    requireAttempt(attempt);
    return AsEngine.call(identity, () -> releaseChecked(taskId, workerId, attempt));
  }

  private ReleaseOutcome releaseChecked(String taskId, String workerId, int attempt) {
    ExternalTask task = task(taskId);
    Optional<StartMarker> existing = marker(task);
    if (existing.isPresent() && !existing.get().isOf(workerId, attempt)) {
      return new NotYours(existing.get());
    }
    boolean unstuck = false;
    if (existing.isPresent()) {
      runtime.removeVariableLocal(task.getExecutionId(), JobnetVariables.START_MARKER);
      SecondStart second = existing.get().secondStart();
      if (second != null && task.getRetries() != null && task.getRetries() == 0) {
        int retries = second.retries() != null ? second.retries() : attempts.firstEngineRetries(task);
        tasks.setRetries(task.getId(), Math.max(1, retries));
        unstuck = true;
        LOG.info("Job {} ({} of run {}): agent {} released attempt {} as never started; the second start of agent {} "
            + "had made it STUCK, it is fetchable again", task.getId(), task.getActivityId(),
            task.getProcessInstanceId(), workerId, attempt, second.agent());
      }
    }
    boolean unlocked = workerId.equals(task.getWorkerId());
    if (unlocked) {
      tasks.unlock(task.getId());
    }
    return new Released(unlocked, unstuck);
  }

  private ExternalTask task(String taskId) {
    ExternalTask task = tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
    if (task == null) {
      throw new JobNotFoundException("no external task " + taskId + ": the job is no longer waiting for an agent "
          + "(completed, stopped or resolved), or you may not see it");
    }
    return task;
  }

  private Optional<StartMarker> marker(ExternalTask task) {
    return StartMarker.parse(runtime.getVariableLocal(task.getExecutionId(), JobnetVariables.START_MARKER));
  }

  private static void requireAttempt(int attempt) {
    if (attempt < 1) {
      throw new InvalidJobsRequestException("attempt must be 1 or more (1 is the first run), was " + attempt);
    }
  }
}
