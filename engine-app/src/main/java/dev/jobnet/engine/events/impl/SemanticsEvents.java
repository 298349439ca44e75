package dev.jobnet.engine.events.impl;

import dev.jobnet.engine.bpmn.JobPaths;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.JobStarts;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.NodeKind;
import dev.jobnet.engine.semantics.NodeStateStore.Entry;
import dev.jobnet.engine.semantics.SemanticsListener;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * Turns what the jobnet semantics tell into events, inside the engine command: a run started
 * (JOBNET_STARTED), a root run ended (JOBNET_ENDED: recorded with its execution, whatever was marked
 * before), a job or nested jobnet reached a final state (JOB_SUCCEEDED, JOB_FAILED, JOB_SKIPPED,
 * JOB_STOPPED: a change of its recorded state). An expansion's own state is left out unless it was
 * skipped: the expanded run's JOBNET_ENDED tells it. The actor is the agent of a job's start
 * marker, else the user the command runs as (an application that started a run); for a stop, the
 * user the command runs as (the operator who stopped it), else the agent.
 */
public final class SemanticsEvents implements SemanticsListener {

  private final Supplier<EventLog> log;
  private final Supplier<JobStarts> markers;
  private final Supplier<JobPaths> paths;

  /**
   * @param log looked up at the first event: the engine is built before the beans it calls
   * @param markers the same
   */
  public SemanticsEvents(Supplier<EventLog> log, Supplier<JobStarts> markers,
      Supplier<JobPaths> paths) {
    this.log = log;
    this.markers = markers;
    this.paths = paths;
  }

  /** The start marker of the job's task, which its completing command still sees. */
  private Optional<JobStarts.Start> marker(DelegateExecution execution, String jobId) {
    return execution == null ? Optional.empty() : markers.get().ofJob(execution.getId(), jobId);
  }

  @Override
  public void runStarted(RunStarted started, DelegateExecution execution) {
    String user = commandUser();
    NewEvent e = NewEvent.of(EventKind.JOBNET_STARTED).inRun(started.rootInstanceId(), started.processInstanceId())
        .tenant(started.tenantId()).actor(user)
        .message((started.expanded() ? "expanded jobnet " : "jobnet ") + started.jobnet() + " started"
            + (user == null ? "" : " by " + user))
        .detail("jobnet", started.jobnet())
        .detail("businessKey", blankToNull(started.businessKey()))
        .detail("expanded", started.expanded() ? Boolean.TRUE : null);
    log.get().record(e);
  }

  @Override
  public void stateRecorded(StateRecorded change) {
    Entry entry = change.entry();
    JobState state = entry.state();
    if (!state.isFinal()) {
      return;
    }
    if (entry.kind() == NodeKind.ROOT) {
      if (change.execution() == null) {
        return; // an operator marked the run STOPPED: it ends (JOBNET_ENDED) once its jobs are stopped
      }
      log.get().record(NewEvent.of(EventKind.JOBNET_ENDED)
          .inRun(entry.rootInstanceId(), entry.processInstanceId()).tenant(tenant(change.execution()))
          .actor(state == JobState.STOPPED ? commandUser() : null)
          .message("ended " + state + (entry.reason() == null ? "" : ": " + entry.reason()))
          .detail("outcome", state.name())
          .detail("reason", entry.reason()));
      return;
    }
    if (!change.changed() || entry.kind() == NodeKind.EXPANSION && state != JobState.SKIPPED) {
      return;
    }
    Optional<JobStarts.Start> marker = entry.kind() == NodeKind.JOB ? marker(change.execution(), entry.elementId()) : Optional.empty();
    String agent = marker.map(JobStarts.Start::agent).orElse(null);
    Integer attempt = marker.map(JobStarts.Start::attempt).orElse(null);
    String actor = switch (state) {
      case SKIPPED -> change.execution() == null ? commandUser() : null; // an operator's skip, or the gate's
      case STOPPED -> commandUser() != null ? commandUser() : agent; // an operator, or the agent that stopped it
      default -> agent != null ? agent : commandUser();
    };
    NewEvent e = NewEvent.of(kindOf(state)).inRun(entry.rootInstanceId(), entry.processInstanceId())
        .element(entry.elementId()).actor(actor)
        .message(message(entry, attempt))
        .detail("node", entry.kind().property())
        .detail("reason", entry.reason())
        .detail("agent", agent)
        .detail("attempt", attempt)
        .detail("startedAt", marker.map(m -> m.startedAt() == null ? null : m.startedAt().toString()).orElse(null))
        .detail("jobPath", change.execution() == null ? null
            : paths.get().of(change.execution().getProcessDefinitionId(), entry.elementId()))
        .detail("externalTaskId", marker.map(JobStarts.Start::taskId).orElse(null));
    if (state == JobState.FAILED && entry.kind() == NodeKind.JOB) {
      e = e.detail("final", Boolean.TRUE);
    }
    if (change.execution() != null) {
      e = e.tenant(tenant(change.execution())); // else (an operator's decision) looked up from the run
    }
    log.get().record(e);
  }

  private static EventKind kindOf(JobState state) {
    return switch (state) {
      case SUCCEEDED -> EventKind.JOB_SUCCEEDED;
      case FAILED -> EventKind.JOB_FAILED;
      case SKIPPED -> EventKind.JOB_SKIPPED;
      case STOPPED -> EventKind.JOB_STOPPED;
      default -> throw new IllegalArgumentException("no event for the state " + state);
    };
  }

  private static String message(Entry entry, Integer attempt) {
    String what = (entry.kind() == NodeKind.JOB ? "" : entry.kind().property() + " ") + entry.elementId();
    String text = what + " " + entry.state();
    if (entry.state() == JobState.FAILED && entry.kind() == NodeKind.JOB) {
      text += attempt == null ? " (no retries left)" : " (attempt " + attempt + ", no retries left)";
    }
    return entry.reason() == null ? text : text + ": " + entry.reason();
  }

  private static String tenant(DelegateExecution execution) {
    return execution == null ? null : execution.getTenantId();
  }

  /** The user the engine command runs as, or null (the job executor, an engine call without one). */
  static String commandUser() {
    CommandContext command = Context.getCommandContext();
    return command == null ? null : command.getAuthenticatedUserId();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
