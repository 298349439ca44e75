package dev.jobnet.engine.semantics;

import dev.jobnet.protocol.ProcessVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * When a root run ends: its outcome (STOPPED when it was force-stopped or deleted, FAILED when a
 * direct child FAILED or was STOPPED, else SUCCEEDED) becomes the process variable
 * {@code jobnetOutcome}; when it ran as an expansion, also the state of the expansion in the caller.
 */
final class RootEndListener implements ExecutionListener {

  private final NodeSpec spec;
  private final NodeStateStore store;
  private final RunningKeyStore keys;

  RootEndListener(NodeSpec spec, NodeStateStore store, RunningKeyStore keys) {
    this.spec = spec;
    this.store = store;
    this.keys = keys;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String pi = execution.getProcessInstanceId();
    // its own state read with its children's (one statement)
    List<String> ids = new ArrayList<>(spec.children());
    ids.add(JobnetVariables.PROCESS_ELEMENT);
    Map<String, JobState> states = store.states(pi, ids);
    RunState outcome;
    String reason;
    if (states.get(JobnetVariables.PROCESS_ELEMENT) == JobState.STOPPED) {
      outcome = RunState.STOPPED;
      reason = store.reason(pi, JobnetVariables.PROCESS_ELEMENT).orElse("stopped");
    } else if (Runs.cancelled(execution)) {
      outcome = RunState.STOPPED;
      reason = Runs.deleteReason(execution);
    } else {
      Outcomes.Outcome o = Outcomes.of(spec.children(), states);
      outcome = RunState.ofRecorded(o.state());
      reason = o.reason();
    }
    if (!Runs.cancelled(execution)) {
      execution.setVariable(ProcessVariables.OUTCOME, outcome.name());
    }
    String root = Runs.rootInstanceId(execution);
    store.record(new NodeStateStore.Entry(pi, JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT,
        outcome.recorded(), reason), execution);
    ExecutionEntity instance = ((ExecutionEntity) execution).getProcessInstance();
    ExecutionEntity caller = instance.getSuperExecution();
    // Only a root run started with a business key claimed one (RootStartListener): the others need no
    // statement to release it (one fewer per run; a key left behind by a run whose key was removed
    // meanwhile is taken over by the next start, as after a crash).
    if (caller == null && instance.getBusinessKey() != null && !instance.getBusinessKey().isBlank()) {
      keys.release(pi);
    }
    if (caller != null) {
      store.record(new NodeStateStore.Entry(caller.getProcessInstanceId(), caller.getActivityId(), root,
          NodeKind.EXPANSION, outcome.recorded(), reason), execution);
    }
  }
}
