package dev.jobnet.engine.operations;

import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.JobnetVariables;
import dev.jobnet.engine.semantics.NodeStateTable;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Finds what an operator names: a run, its root, one of its nodes and their recorded states. */
@Component
class RunLookup {

  /** What a node of a run is. */
  enum Kind { JOB, JOBNET, EXPANSION }

  private final RuntimeService runtime;
  private final HistoryService history;
  private final RepositoryService repository;
  private final JdbcTemplate jdbc;

  RunLookup(RuntimeService runtime, HistoryService history, RepositoryService repository, JdbcTemplate jdbc) {
    this.runtime = runtime;
    this.history = history;
    this.repository = repository;
    this.jdbc = jdbc;
  }

  /** The running instance; 409 when it ended (with its outcome), 404 when there is no such run. */
  ProcessInstance running(String runId) {
    ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceId(runId).singleResult();
    if (pi != null) {
      return pi;
    }
    HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery().processInstanceId(runId)
        .singleResult();
    if (ended == null) {
      throw OperationsException.notFound("no run " + runId + ", or you may not see it");
    }
    throw alreadyEnded(runId, state(runId, JobnetVariables.PROCESS_ELEMENT).map(Enum::name).orElse("ENDED"));
  }

  /** 409: the run ended with {@code state} (its recorded state, or ENDED when none was recorded). */
  static OperationsException alreadyEnded(String runId, String state) {
    return OperationsException.conflict("ALREADY_ENDED", "run " + runId + " already ended " + state
        + ": nothing to stop", Map.of("runId", runId, "state", state));
  }

  /** The top-level run above {@code runId}, through expansions. */
  String rootOf(String runId) {
    String id = runId;
    for (int depth = 0; depth < 64; depth++) {
      ProcessInstance parent = runtime.createProcessInstanceQuery().subProcessInstanceId(id).singleResult();
      if (parent == null) {
        return id;
      }
      id = parent.getId();
    }
    return id;
  }

  Kind kind(ProcessInstance pi, String elementId) {
    ModelElementInstance element = repository.getBpmnModelInstance(pi.getProcessDefinitionId())
        .getModelElementById(elementId);
    if (element instanceof ServiceTask) {
      return Kind.JOB;
    }
    if (element instanceof SubProcess) {
      return Kind.JOBNET;
    }
    if (element instanceof CallActivity) {
      return Kind.EXPANSION;
    }
    throw OperationsException.notFound("run " + pi.getId() + " has no job or jobnet '" + elementId + "'");
  }

  /** The state recorded for a node of a run ({@code _process}: the run's own), if any. */
  Optional<JobState> state(String runId, String elementId) {
    return jdbc.execute((ConnectionCallback<Optional<JobState>>) c -> NodeStateTable.node(c, runId, elementId)
        .map(NodeStateTable.Node::state));
  }
}
