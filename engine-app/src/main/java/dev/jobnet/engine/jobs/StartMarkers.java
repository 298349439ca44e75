package dev.jobnet.engine.jobs;

import dev.jobnet.engine.bpmn.JobPaths;
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
import dev.jobnet.engine.security.Callers;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.RetryCount;
import dev.jobnet.protocol.RetryPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The start marker and the re-delivery guard ({@code docs/agent-protocol.md}). Each call is one
 * transaction: the task and its marker read in one query, the marker written to {@code
 * jobnet_start_marker} ({@link StartMarkerStore}), and, for a marker placed, the event JOB_STARTED.
 * The guard and the release act on the task through the engine's commands, in the same transaction.
 *
 * <p>Two agents can never both get "started" for one attempt: only the worker holding the lock may
 * post, and two markers written at once for one task collide on the table's primary key (the first
 * marker) or on the condition that the attempt there is an earlier one (a later marker), so the later
 * request fails, or finds the first when it reads again.
 *
 * <p>An agent that names its fetches ({@code FetchHeaders}) gets its markers from the fetch itself
 * ({@link #markFetched}, in the fetch's transaction): no request per job. A marker of a fetch its agent
 * says it never received ({@link LostFetches}) stands for a job nobody started: the next agent's fetch
 * or start replaces it instead of meeting the guard.
 */
@Service
public class StartMarkers {

  /** How every message of the guard begins, for people and programs searching for it. */
  public static final String SECOND_START = "second start detected";

  private static final Logger LOG = LoggerFactory.getLogger(StartMarkers.class);

  private final ExternalTaskService tasks;
  private final StartMarkerStore markers;
  private final Attempts attempts;
  private final Callers callers;
  private final JobsProperties properties;
  private final EventLog events;
  private final JobPaths paths;
  private final IdentityService identity;
  private final LostFetches lostFetches;
  private final Clock clock;

  StartMarkers(ExternalTaskService tasks, StartMarkerStore markers, Attempts attempts, Callers callers,
      JobsProperties properties, EventLog events, JobPaths paths, IdentityService identity, LostFetches lostFetches,
      Clock clock) {
    this.tasks = tasks;
    this.markers = markers;
    this.attempts = attempts;
    this.callers = callers;
    this.properties = properties;
    this.events = events;
    this.paths = paths;
    this.identity = identity;
    this.lostFetches = lostFetches;
    this.clock = clock;
  }

  /**
   * Records that {@code workerId} is about to start attempt {@code attempt} of the job, unless the
   * job is not locked by it, or was already started (then, if by another agent, the job is made
   * STUCK and given back to that agent).
   */
  @Transactional
  public StartOutcome start(String taskId, String workerId, int attempt) {
    callers.requireAgentOrOperator();
    requireAttempt(attempt);
    StartMarkerStore.Task task = task(taskId);
    if (!workerId.equals(task.workerId())) {
      return new NotLockedByYou(task.workerId(), task.lockExpiration());
    }
    Optional<StartMarker> existing = task.marker();
    if (existing.isPresent() && existing.get().attempt() >= attempt) {
      StartMarker marker = existing.get();
      if (marker.isOf(workerId, attempt)) {
        return new Started(marker, true);
      }
      if (marker.agent().equals(workerId)) {
        // its own later attempt is on the job: a stale request; nothing to guard against
        return new AlreadyStarted(marker, false, null);
      }
      if (lostFetches.isLost(marker.agent(), task.markerFetchId())) {
        // written by a fetch whose answer its agent never received: nobody started the job
        StartMarker placed = StartMarker.of(workerId, attempt, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        markers.replace(task.id(), placed, null);
        recordStarted(task, workerId, attempt);
        return new Started(placed, false);
      }
      // As the engine: an agent or operator may do this to any job, which the engine's per-row
      // authorization checks (several queries per call) could only confirm.
      return AsEngine.call(identity, () -> guard(task, marker, workerId, attempt));
    }
    StartMarker marker = StartMarker.of(workerId, attempt, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (existing.isEmpty()) {
      try {
        markers.insert(task, marker);
      } catch (DuplicateKeyException e) {
        throw concurrent(taskId);
      }
    } else if (!markers.replaceEarlier(task.id(), marker)) {
      // another request wrote this attempt's marker or a later one meanwhile: decide again on it
      throw concurrent(taskId);
    }
    recordStarted(task, workerId, attempt);
    return new Started(marker, false);
  }

  private void recordStarted(StartMarkerStore.Task task, String workerId, int attempt) {
    events.record(NewEvent.of(EventKind.JOB_STARTED).inRun(task.rootProcessInstanceId(), task.processInstanceId())
        .element(task.activityId()).tenant(task.tenantId()).actor(workerId)
        .message(task.activityId() + " started by agent " + workerId + " (attempt " + attempt + ")")
        .detail("agent", workerId).detail("attempt", attempt)
        .detail("jobPath", paths.of(task.processDefinitionId(), task.activityId())).detail("externalTaskId", task.id())
        .detail("readyAt", attempt == 1 && task.createTime() != null ? task.createTime().toString() : null));
  }

  /**
   * Writes the start markers of the jobs fetch {@code fetchId} locked, in the fetch's transaction once
   * Camunda wrote its locks (the jobs another fetch took at the same moment are out of the list by
   * then), and tells the agent so: each marked job carries {@link ProcessVariables#START_MARKED} with
   * the attempt in the fetch's answer. A job is marked when it has no marker, or one of an earlier
   * attempt of the same worker, or one of a lost fetch; the same worker fetching the same attempt again
   * (its lock ran out while the engine was out of its reach) keeps its marker, which no longer counts as
   * possibly lost unless the earlier fetch was. Any other marker is left to the agent's start marker
   * request, where the re-delivery guard decides.
   */
  public void markFetched(List<LockedExternalTask> fetched, String fetchId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    for (LockedExternalTask t : fetched) {
      int attempt = attemptOf(t);
      if (markFetched(t, fetchId, attempt, now)) {
        t.getVariables().putValueTyped(ProcessVariables.START_MARKED, Variables.integerValue(attempt));
      }
    }
  }

  private boolean markFetched(LockedExternalTask fetched, String fetchId, int attempt, Instant now) {
    Optional<StartMarkerStore.Task> found = markers.task(fetched.getId());
    String worker = fetched.getWorkerId();
    if (found.isEmpty() || worker == null || !worker.equals(found.get().workerId())) {
      return false;
    }
    StartMarkerStore.Task task = found.get();
    StartMarker marker = StartMarker.of(worker, attempt, now);
    Optional<StartMarker> existing = task.marker();
    if (existing.isEmpty()) {
      markers.insert(task, marker, fetchId);
      recordStarted(task, worker, attempt);
      return true;
    }
    StartMarker earlier = existing.get();
    boolean earlierLost = lostFetches.isLost(earlier.agent(), task.markerFetchId());
    if (earlier.isOf(worker, attempt) && earlier.secondStart() == null) {
      // Fetched again by the same worker: it starts the job only if its journal does not have it. The
      // marker may stand for a running job now, unless the earlier fetch never arrived.
      markers.refetched(task.id(), earlierLost ? fetchId : null);
      return true;
    }
    if ((earlier.agent().equals(worker) && earlier.attempt() < attempt) || earlierLost) {
      markers.replace(task.id(), marker, fetchId);
      recordStarted(task, worker, attempt);
      return true;
    }
    return false;
  }

  /** The attempt the fetching agent runs, counted from what the fetch hands it, as the agent counts it. */
  private int attemptOf(LockedExternalTask task) {
    Map<String, String> properties = task.getExtensionProperties();
    int policyRetries = properties != null && !properties.isEmpty() ? RetryPolicy.of(properties).retries()
        : attempts.policyRetries(task.getProcessDefinitionId(), task.getActivityId());
    Object offset = task.getVariables() == null ? null : task.getVariables().get(ProcessVariables.ATTEMPT_OFFSET);
    return RetryCount.attempt(policyRetries, task.getRetries(), Attempts.offset(offset));
  }

  /**
   * The re-delivery guard: {@code secondAgent} fetched a job {@code marker.agent()} already
   * started. Set its retries to 0 with a message (Camunda's {@code failedExternalTask} incident:
   * STUCK, and no agent can fetch it), locked by the first agent again so that its late report is
   * accepted and its heartbeats go on: unlock, lock for the first agent, then handleFailure as that
   * agent, all in this transaction.
   */
  private AlreadyStarted guard(StartMarkerStore.Task task, StartMarker marker, String secondAgent, int attempt) {
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
    JobState.RUNNING.becomes(JobState.STUCK, job(task));
    tasks.unlock(task.id());
    tasks.lock(task.id(), marker.agent(), lock);
    tasks.handleFailure(task.id(), marker.agent(), message, details, 0, lock);
    markers.set(task.id(), marker.withSecondStart(new SecondStart(secondAgent, attempt, now, task.retries())));
    LOG.warn("Job {} ({} of run {}): {}; agent {} was stopped from starting it again (attempt {})",
        task.id(), task.activityId(), task.processInstanceId(), message, secondAgent, attempt);
    return new AlreadyStarted(marker, true, message);
  }

  /**
   * The agent never started the command: remove its marker and give the task back if it still
   * holds the lock. A job the guard made STUCK meanwhile gets its retries back, so any agent can
   * fetch it again.
   */
  @Transactional
  public ReleaseOutcome release(String taskId, String workerId, int attempt) {
    callers.requireAgentOrOperator();
    requireAttempt(attempt);
    return AsEngine.call(identity, () -> releaseChecked(taskId, workerId, attempt));
  }

  private ReleaseOutcome releaseChecked(String taskId, String workerId, int attempt) {
    StartMarkerStore.Task task = task(taskId);
    Optional<StartMarker> existing = task.marker();
    if (existing.isPresent() && !existing.get().isOf(workerId, attempt)) {
      return new NotYours(existing.get());
    }
    boolean unstuck = false;
    if (existing.isPresent()) {
      markers.delete(taskId);
      SecondStart second = existing.get().secondStart();
      if (second != null && task.retries() != null && task.retries() == 0) {
        JobState.STUCK.becomes(JobState.PENDING, job(task));
        tasks.setRetries(taskId, attempts.retriesToGiveBack(second.retries(), task.processDefinitionId(),
            task.activityId()));
        unstuck = true;
        LOG.info("Job {} ({} of run {}): agent {} released attempt {} as never started; the second start of agent {} "
            + "had made it STUCK, it is fetchable again", taskId, task.activityId(), task.processInstanceId(),
            workerId, attempt, second.agent());
      }
    }
    boolean unlocked = workerId.equals(task.workerId());
    if (unlocked) {
      JobState.RUNNING.becomes(JobState.PENDING, job(task)); // given back: any agent may fetch it
      tasks.unlock(taskId);
    }
    return new Released(unlocked, unstuck);
  }

  /** A job, as a state change names it. */
  private static String job(StartMarkerStore.Task task) {
    return "job " + task.activityId() + " of run " + task.processInstanceId();
  }

  private StartMarkerStore.Task task(String taskId) {
    return markers.task(taskId).orElseThrow(() -> new JobNotFoundException("no external task " + taskId
        + ": the job is no longer waiting for an agent (completed, stopped or resolved), or you may not see it"));
  }

  /** Answered 503 (the agent sends its request again and then finds the other marker). */
  private static OptimisticLockingException concurrent(String taskId) {
    return new OptimisticLockingException("job " + taskId + " was marked started by another request at the same "
        + "time; send the request again");
  }

  private static void requireAttempt(int attempt) {
    if (attempt < 1) {
      throw new InvalidJobsRequestException("attempt must be 1 or more (1 is the first run), was " + attempt);
    }
  }
}
