package dev.jobnet.engine.runs;

import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.NodeStateTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Removes a finished root run at once ({@code DELETE /jobnet-api/runs/{id}}), instead of waiting for
 * the history cleanup: its history and that of the runs its expansions started, the job states
 * recorded for them and the output their jobs shipped. One transaction: all of it or nothing, with
 * the event RUN_REMOVED (who removed which run of which jobnet, and why). The event names no run in
 * its run columns, so that it is not removed with the run's events: the removed ids are in its
 * details, and it goes with the events of no run after {@code jobnet.history.days}.
 */
@Service
class RunRemoval {

  /**
   * Our tables keyed by run, emptied of the removed runs besides the job states ({@link NodeStateTable}):
   * job output (a log row takes its pieces with it), operators' actions, STUCK marks of the watchdog.
   */
  static final List<String> TABLES = List.of("jobnet_job_log", "jobnet_operator_action", "jobnet_stuck");

  private static final Logger LOG = LoggerFactory.getLogger(RunRemoval.class);

  private final HistoryService history;
  private final JdbcTemplate jdbc;
  private final EventLog events;

  RunRemoval(HistoryService history, JdbcTemplate jdbc, EventLog events) {
    this.history = history;
    this.jdbc = jdbc;
    this.events = events;
  }

  /** The ids of the runs removed: the root first, then those its expansions started. */
  @Transactional
  List<String> remove(String runId, String operator, String reason) {
    HistoricProcessInstance run = history.createHistoricProcessInstanceQuery().processInstanceId(runId).singleResult();
    if (run == null) {
      throw RunsApiException.notFound(runId);
    }
    if (run.getSuperProcessInstanceId() != null) {
      throw RunsApiException.conflict("NOT_A_ROOT", run.getEndTime() == null ? "RUNNING" : "ENDED",
          "run " + runId + " was started by an expansion of run " + run.getRootProcessInstanceId()
              + "; remove that root run, which removes this one with it");
    }
    if (run.getEndTime() == null) {
      throw RunsApiException.conflict("RUNNING", "RUNNING",
          "run " + runId + " is still running; stop it first, then remove it");
    }
    List<String> ids = new ArrayList<>();
    ids.add(runId);
    history.createHistoricProcessInstanceQuery().rootProcessInstanceId(runId).list().stream()
        .map(HistoricProcessInstance::getId).filter(id -> !id.equals(runId)).forEach(ids::add);
    String outcome = outcome(runId);
    history.deleteHistoricProcessInstances(ids);
    for (String id : ids) {
      jdbc.execute((ConnectionCallback<Integer>) c -> NodeStateTable.deleteRun(c, id));
    }
    for (String table : TABLES) {
      for (String id : ids) {
        jdbc.update("DELETE FROM " + table + " WHERE process_instance_id = ?", id);
      }
    }
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    events.record(NewEvent.of(EventKind.RUN_REMOVED).tenant(run.getTenantId()).actor(operator)
        .message("run " + runId + " of jobnet " + run.getProcessDefinitionKey() + " removed by " + operator
            + (ids.size() > 1 ? " with the " + (ids.size() - 1) + " run(s) its expansions started" : "")
            + (why == null ? "" : ": " + why))
        .detail("runId", runId)
        .detail("removedRuns", List.copyOf(ids))
        .detail("jobnet", run.getProcessDefinitionKey())
        .detail("businessKey", run.getBusinessKey())
        .detail("outcome", outcome)
        .detail("reason", why));
    LOG.info("{} removed run {} of jobnet {} ({} run(s) with its expansions){}", operator, runId,
        run.getProcessDefinitionKey(), ids.size(), why == null ? "" : ": " + why);
    return List.copyOf(ids);
  }

  /** The run's recorded outcome (its root state), before it is removed; null if none was recorded. */
  private String outcome(String runId) {
    return jdbc.execute((ConnectionCallback<Optional<JobState>>) c -> NodeStateTable.runState(c, runId))
        .map(Enum::name).orElse(null);
  }
}
