package dev.jobnet.engine.operations;

import dev.jobnet.engine.bpmn.JobPaths;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.jobs.Attempts;
import dev.jobnet.engine.jobs.StartMarker;
import dev.jobnet.engine.jobs.StartMarkerStore;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.RetryCount;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles a STUCK job (a {@code failedExternalTask} incident on a jobnet job): mark it SUCCEEDED or
 * FAILED (completed on its agent's behalf: if that agent still runs the command, its next heartbeat
 * finds the job gone and it kills the process group), or RETRY (unlocked and given retries again, so
 * any agent of its server fetches it as the next attempt; the old agent's next heartbeat finds the
 * lock gone and kills its process). Who, when and why are kept.
 */
@Service
public class StuckResolver {

  private final ExternalTaskService tasks;
  private final RuntimeService runtime;
  private final Attempts attempts;
  private final RunLookup lookup;
  private final OperatorActions actions;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final EventLog events;
  private final Clock clock;
  private final StartMarkerStore markers;
  private final JobPaths paths;

  StuckResolver(ExternalTaskService tasks, RuntimeService runtime, Attempts attempts, RunLookup lookup,
      OperatorActions actions, JdbcTemplate jdbc, TransactionTemplate transaction, EventLog events, Clock clock,
      StartMarkerStore markers, JobPaths paths) {
    this.markers = markers;
    this.paths = paths;
    this.events = events;
    this.tasks = tasks;
    this.runtime = runtime;
    this.attempts = attempts;
    this.lookup = lookup;
    this.actions = actions;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** What a resolution did. */
  public record Resolved(String runId, String elementId, Resolution action, JobState state, String resolvedBy,
      Instant resolvedAt, Integer nextAttempt) {}

  public Resolved resolve(String runId, String elementId, Resolution resolution, String reason, String user) {
    ProcessInstance pi = lookup.running(runId);
    if (lookup.kind(pi, elementId) != RunLookup.Kind.JOB) {
      throw OperationsException.badRequest(elementId + " is a jobnet: only jobs are resolved; stop a jobnet instead");
    }
    String root = lookup.rootOf(runId);
    for (int attempt = 0; ; attempt++) {
      try {
        return transaction.execute(status -> resolveNow(pi, root, elementId, resolution, reason, user));
      } catch (OptimisticLockingException e) {
        // the agent reported or another operator acted at the same moment: look again
        if (attempt >= 5) {
          throw e;
        }
      } catch (NotFoundException e) {
        throw notStuck(runId, elementId);
      }
    }
  }

  private Resolved resolveNow(ProcessInstance pi, String root, String elementId, Resolution resolution, String reason,
      String user) {
    String runId = pi.getId();
    ExternalTask task = tasks.createExternalTaskQuery().processInstanceId(runId).activityId(elementId).singleResult();
    if (task == null || task.getRetries() == null || task.getRetries() != 0) {
      throw notStuck(runId, elementId);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String by = "by " + user + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
    actions.record(new OperatorActions.Entry(root, runId, elementId, resolution.action(), reason, user, now));
    events.record(NewEvent.of(EventKind.JOB_RESOLVED).inRun(root, runId).element(elementId).actor(user)
        .message("resolved as " + resolution.name() + " " + by).detail("action", resolution.name())
        .detail("externalTaskId", task.getId()).detail("agent", task.getWorkerId())
        .detail("jobPath", paths.of(task.getProcessDefinitionId(), elementId)));
    jdbc.update("DELETE FROM jobnet_stuck WHERE external_task_id = ?", task.getId());
    Integer nextAttempt = null;
    // the task has no retries left: the job is STUCK, and becomes what the operator decided
    JobState state = JobState.STUCK.becomes(resolution.target(), "job " + elementId + " of run " + runId);
    if (resolution == Resolution.RETRY) {
      Optional<StartMarker> marker = markers.of(task.getId());
      int stuckAttempt = marker.map(StartMarker::attempt).orElseGet(() -> attempts.current(task,
          runtime.getVariableLocal(task.getExecutionId(), ProcessVariables.ATTEMPT_OFFSET)));
      // the next run is attempt stuckAttempt + 1, with the runs the policy still has from it (at least 1)
      RetryCount.Resume resume = RetryCount.resumeAt(attempts.policyRetries(task), stuckAttempt + 1);
      runtime.setVariableLocal(task.getExecutionId(), ProcessVariables.ATTEMPT_OFFSET, resume.offset());
      tasks.unlock(task.getId());
      tasks.setRetries(task.getId(), resume.engineRetries());
      nextAttempt = stuckAttempt + 1;
    } else {
      String worker = task.getWorkerId();
      if (worker == null) {
        worker = ForceStop.OPERATOR_WORKER;
        tasks.lock(task.getId(), worker, 60_000);
      }
      tasks.complete(task.getId(), worker, null, Map.of(ProcessVariables.RESULT, state.name(),
          ProcessVariables.RESULT_REASON, "marked " + resolution.name() + " " + by));
    }
    return new Resolved(runId, elementId, resolution, state, user, now, nextAttempt);
  }

  private OperationsException notStuck(String runId, String elementId) {
    String state = lookup.state(runId, elementId).orElseGet(() -> {
      ExternalTask task = tasks.createExternalTaskQuery().processInstanceId(runId).activityId(elementId).singleResult();
      return task == null ? JobState.WAITING : task.getWorkerId() != null ? JobState.RUNNING : JobState.PENDING;
    }).name();
    return OperationsException.conflict("NOT_STUCK", elementId + " of run " + runId + " is not STUCK (it is " + state
        + "): nothing to resolve", Map.of("runId", runId, "elementId", elementId, "state", state));
  }
}
