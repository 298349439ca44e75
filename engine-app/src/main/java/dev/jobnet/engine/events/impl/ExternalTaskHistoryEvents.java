package dev.jobnet.engine.events.impl;

import dev.jobnet.engine.bpmn.JobPaths;
import dev.jobnet.engine.cluster.ClusterSignal;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.JobStarts;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.semantics.NodeKind;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricExternalTaskLogEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.runtime.Incident;

/**
 * Events from Camunda's history events, beside its own history handler, inside the engine command
 * that produces them:
 *
 * <ul>
 *   <li>an agent reported a failed attempt with retries left ({@code handleFailure} with retries &gt;
 *       0: an external task failure log): JOB_FAILED (not final) and JOB_RETRIED;
 *   <li>an incident of type {@code failedExternalTask} was created (retries 0: the re-delivery guard,
 *       the watchdog, an agent that gave up): JOB_STUCK.
 * </ul>
 *
 * The last failure of a job with no retries left comes as {@code complete} with {@code
 * jobnetResult=FAILED}: the semantics' JOB_FAILED (final) tells it.
 */
public final class ExternalTaskHistoryEvents implements HistoryEventHandler {

  private final Supplier<EventLog> log;
  private final Supplier<JobStarts> markers;
  private final Supplier<JobPaths> paths;
  private final RetryDueWakeUp retryDue;

  public ExternalTaskHistoryEvents(Supplier<EventLog> log, Supplier<JobStarts> markers,
      Supplier<JobPaths> paths, ClusterSignal cluster) {
    this.log = log;
    this.markers = markers;
    this.paths = paths;
    this.retryDue = new RetryDueWakeUp(cluster);
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    if (event instanceof HistoricExternalTaskLogEntity failure && failure.isFailureLog()) {
      failed(failure);
    } else if (event instanceof HistoricIncidentEventEntity incident
        && HistoryEventTypes.INCIDENT_CREATE.getEventName().equals(incident.getEventType())
        && Incident.EXTERNAL_TASK_HANDLER_TYPE.equals(incident.getIncidentType())) {
      stuck(incident);
    }
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    for (HistoryEvent event : events) {
      handleEvent(event);
    }
  }

  /**
   * Camunda writes the failure log before it sets the retries the agent reported: whether the job
   * runs again is known when the command closes (still in its transaction), from the task itself.
   */
  private void failed(HistoricExternalTaskLogEntity failure) {
    CommandContext command = Context.getCommandContext();
    ExternalTaskEntity task = task(failure.getExternalTaskId()).orElse(null);
    if (command == null || task == null) {
      return;
    }
    String agent = failure.getWorkerId();
    Integer attempt = markers.get().ofTask(failure.getExternalTaskId())
        .filter(m -> agent == null || agent.equals(m.agent())).map(JobStarts.Start::attempt).orElse(null);
    String root = root(failure.getRootProcessInstanceId(), failure.getExecutionId(), failure.getProcessInstanceId());
    command.registerCommandContextListener(new CommandContextListener() {
      @Override
      public void onCommandContextClose(CommandContext context) {
        Integer retries = task.getRetries();
        if (retries != null && retries > 0) {
          retried(failure, task, root, agent, attempt, retries);
          Date due = task.getLockExpirationTime();
          context.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
              committed -> retryDue.at(due));
        } // else no retries left: the incident (STUCK) tells it
      }

      @Override
      public void onCommandFailed(CommandContext context, Throwable t) {
        // rolled back: nothing happened
      }
    });
  }

  private void retried(HistoricExternalTaskLogEntity failure, ExternalTaskEntity task, String root, String agent,
      Integer attempt, int retries) {
    String reason = failure.getErrorMessage();
    String job = failure.getActivityId();
    String path = paths.get().of(failure.getProcessDefinitionId(), job);
    log.get().record(NewEvent.of(EventKind.JOB_FAILED).inRun(root, failure.getProcessInstanceId())
        .element(job).tenant(failure.getTenantId()).actor(agent)
        .message(job + " failed" + (attempt == null ? "" : " (attempt " + attempt + ")")
            + (reason == null ? "" : ": " + reason) + "; " + retries + (retries == 1 ? " retry" : " retries") + " left")
        .detail("node", NodeKind.JOB.property())
        .detail("reason", reason)
        .detail("agent", agent)
        .detail("attempt", attempt)
        .detail("retriesLeft", retries)
        .detail("final", Boolean.FALSE)
        .detail("jobPath", path)
        .detail("externalTaskId", failure.getExternalTaskId()));
    String retryAt = task.getLockExpirationTime() == null ? null : task.getLockExpirationTime().toInstant().toString();
    Integer next = attempt == null ? null : attempt + 1;
    log.get().record(NewEvent.of(EventKind.JOB_RETRIED).inRun(root, failure.getProcessInstanceId())
        .element(job).tenant(failure.getTenantId())
        .message(job + " will run again" + (next == null ? "" : " (attempt " + next + ")")
            + (retryAt == null ? "" : " from " + retryAt) + "; " + retries + (retries == 1 ? " retry" : " retries")
            + " left")
        .detail("nextAttempt", next)
        .detail("retriesLeft", retries)
        .detail("retryAt", retryAt)
        .detail("jobPath", path)
        .detail("externalTaskId", failure.getExternalTaskId()));
  }

  private void stuck(HistoricIncidentEventEntity incident) {
    Optional<ExternalTaskEntity> task = task(incident.getConfiguration());
    String agent = task.map(ExternalTaskEntity::getWorkerId).orElse(null);
    Integer attempt = markers.get().ofTask(incident.getConfiguration())
        .filter(m -> agent == null || agent.equals(m.agent())).map(JobStarts.Start::attempt).orElse(null);
    String root = root(incident.getRootProcessInstanceId(), incident.getExecutionId(), incident.getProcessInstanceId());
    String job = incident.getActivityId();
    String reason = incident.getIncidentMessage();
    log.get().record(NewEvent.of(EventKind.JOB_STUCK).inRun(root, incident.getProcessInstanceId())
        .element(job).tenant(incident.getTenantId()).actor(agent)
        .message(job + " is STUCK" + (reason == null ? "" : ": " + reason))
        .detail("node", NodeKind.JOB.property())
        .detail("reason", reason)
        .detail("agent", agent)
        .detail("attempt", attempt)
        .detail("externalTaskId", incident.getConfiguration())
        .detail("incidentId", incident.getId())
        .detail("jobPath", paths.get().of(incident.getProcessDefinitionId(), job)));
  }

  private static Optional<ExternalTaskEntity> task(String id) {
    CommandContext command = Context.getCommandContext();
    if (command == null || id == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(command.getExternalTaskManager().findExternalTaskById(id));
  }

  /** The top-level root run: from the event when Camunda set it, else up the executions' callers. */
  private static String root(String fromEvent, String executionId, String processInstanceId) {
    if (fromEvent != null) {
      return fromEvent;
    }
    CommandContext command = Context.getCommandContext();
    ExecutionEntity execution = command == null || executionId == null ? null
        : command.getExecutionManager().findExecutionById(executionId);
    if (execution == null) {
      return processInstanceId;
    }
    ExecutionEntity instance = execution.getProcessInstance();
    while (instance.getSuperExecution() != null) {
      instance = instance.getSuperExecution().getProcessInstance();
    }
    return instance.getId();
  }
}
