package dev.jobnet.engine.jobs;

import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.engine.jobs.StuckDetails.StuckJob;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.http.HttpJobSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.history.event.HistoricExternalTaskLogEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.persistence.entity.ByteArrayEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Gives every STUCK job's incident the error details of {@link StuckDetails}, in the engine command
 * that makes or keeps it STUCK, whoever calls it: the watchdog, the re-delivery guard, the agent's
 * own report ({@code handleFailure} with retries 0 over the engine's REST API), also the report that
 * arrives while the job is STUCK already (the agent's "process lost" after the watchdog's "agent
 * silent"), which replaces the task's details without a new incident.
 *
 * <p>A history event handler beside Camunda's: a failure log or a {@code failedExternalTask}
 * incident of a task marks it; when the command closes (before it is flushed) a task marked whose
 * retries are 0 gets the details, on the task (what Cockpit shows) and on this command's failure log
 * (the history). Never fails the command: details it cannot write are logged and left as they were.
 */
final class StuckIncidentDetails implements HistoryEventHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StuckIncidentDetails.class);

  private final ObjectProvider<StuckDetails> details;
  private final ObjectProvider<StartMarkerStore> markers;
  /** The tasks marked in each open command, with the failure log it wrote of them (or null). */
  private final Map<CommandContext, Map<String, HistoricExternalTaskLogEntity>> marked =
      Collections.synchronizedMap(new WeakHashMap<>());

  StuckIncidentDetails(ObjectProvider<StuckDetails> details, ObjectProvider<StartMarkerStore> markers) {
    this.markers = markers;
    this.details = details;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    if (event instanceof HistoricExternalTaskLogEntity log && log.isFailureLog()) {
      mark(log.getExternalTaskId(), log);
    } else if (event instanceof HistoricIncidentEventEntity incident
        && HistoryEventTypes.INCIDENT_CREATE.getEventName().equals(incident.getEventType())
        && Incident.EXTERNAL_TASK_HANDLER_TYPE.equals(incident.getIncidentType())) {
      mark(incident.getConfiguration(), null);
    }
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    for (HistoryEvent event : events) {
      handleEvent(event);
    }
  }

  private void mark(String taskId, HistoricExternalTaskLogEntity log) {
    CommandContext command = Context.getCommandContext();
    if (command == null || taskId == null) {
      return;
    }
    Map<String, HistoricExternalTaskLogEntity> tasks = marked.get(command);
    if (tasks == null) {
      Map<String, HistoricExternalTaskLogEntity> fresh = new LinkedHashMap<>();
      marked.put(command, fresh);
      tasks = fresh;
      command.registerCommandContextListener(new CommandContextListener() {
        @Override
        public void onCommandContextClose(CommandContext context) {
          Map<String, HistoricExternalTaskLogEntity> these = marked.remove(context);
          if (these != null) {
            these.forEach((id, failureLog) -> describe(context, id, failureLog));
          }
        }

        @Override
        public void onCommandFailed(CommandContext context, Throwable t) {
          marked.remove(context);
        }
      });
    }
    if (log != null || !tasks.containsKey(taskId)) {
      tasks.put(taskId, log);
    }
  }

  private void describe(CommandContext command, String taskId, HistoricExternalTaskLogEntity failureLog) {
    try {
      ExternalTaskEntity task = command.getExternalTaskManager().findExternalTaskById(taskId);
      if (task == null || task.getRetries() == null || task.getRetries() > 0) {
        return; // completed, or a failure with retries left: not STUCK
      }
      Optional<StartMarker> marker = markers.getObject().of(task.getId())
          .filter(m -> m.agent().equals(task.getWorkerId()));
      String text = details.getObject().describe(new StuckJob(task.getId(), task.getProcessInstanceId(),
          task.getActivityId(), command(task), task.getWorkerId(), marker.map(StartMarker::attempt).orElse(null),
          task.getErrorMessage(), task.getErrorDetails()));
      writeTaskDetails(command, task, text);
      if (failureLog != null) {
        writeLogDetails(command.getDbEntityManager(), failureLog, text);
      }
    } catch (RuntimeException e) {
      LOG.warn("STUCK job {}: could not add the job's command, agent and stderr to the incident's details: {}",
          taskId, e.toString());
    }
  }

  /** The job's command, from its BPMN element ({@code jobnet.command}); null when it has none. */
  private static String command(ExternalTaskEntity task) {
    BpmnModelInstance model = Context.getProcessEngineConfiguration().getDeploymentCache()
        .findBpmnModelInstanceForProcessDefinition(task.getProcessDefinitionId());
    Map<String, String> props = ExtensionProperties.of(model, task.getActivityId());
    String command = props.get(BpmnProperties.COMMAND);
    return command != null ? command : HttpJobSpec.of(props).map(HttpJobSpec::display).orElse(null);
  }

  /**
   * The task's details, what Cockpit shows under the incident: its byte array rewritten, or, when the
   * report carried none, created as Camunda does (its method for it is not public).
   */
  private static void writeTaskDetails(CommandContext command, ExternalTaskEntity task, String text) {
    String arrayId = task.getErrorDetailsByteArrayId();
    ByteArrayEntity array = arrayId == null ? null
        : command.getDbEntityManager().selectById(ByteArrayEntity.class, arrayId);
    if (array != null) {
      array.setBytes(text.getBytes(StandardCharsets.UTF_8));
      return;
    }
    try {
      Method set = ExternalTaskEntity.class.getDeclaredMethod("setErrorDetails", String.class);
      set.setAccessible(true);
      set.invoke(task, text);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot set the error details of external task " + task.getId(), e);
    }
  }

  /** The failure log of this command, not written yet: its details as the task's. */
  private static void writeLogDetails(DbEntityManager db, HistoricExternalTaskLogEntity log, String text) {
    String arrayId = log.getErrorDetailsByteArrayId();
    ByteArrayEntity array = arrayId == null ? null : db.selectById(ByteArrayEntity.class, arrayId);
    if (array != null) {
      array.setBytes(text.getBytes(StandardCharsets.UTF_8));
    } else {
      log.setErrorDetails(text);
    }
  }
}
