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
 * When its children all ended in the same command (a run of one job), their states are known there and
 * the run's outcome is written unless it has a row of its own: one statement, where reading the run's
 * row and then writing took two.
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
    String root = Runs.rootInstanceId(execution);
    Ended ended = Runs.cancelled(execution) ? null : endedByItsChildren(execution, pi, root);
    if (ended == null) {
      ended = endedAsRecorded(execution, pi);
      store.record(entry(pi, root, ended), execution);
    }
    if (!Runs.cancelled(execution)) {
      execution.setVariable(ProcessVariables.OUTCOME, ended.outcome().name());
    }
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
          NodeKind.EXPANSION, ended.outcome().recorded(), ended.reason()), execution);
    }
  }

  /** How the run ended, and why. */
  private record Ended(RunState outcome, String reason) {}

  /**
   * When this command knows the states of all the run's children (they ended in it: a run of one job),
   * records the outcome they make unless the run has a row of its own, in one statement that reads
   * nothing: the outcome recorded, or null when the run has a row (an operator held or stopped it) or
   * a child's state is not known here.
   */
  private Ended endedByItsChildren(DelegateExecution execution, String pi, String root) {
    return store.recordOutcomeOfKnownChildren(pi, JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT,
        spec.children(), execution).map(o -> new Ended(RunState.ofRecorded(o.state()), o.reason())).orElse(null);
  }

  /** The outcome from what is recorded: the run's own state read with its children's (one statement). */
  private Ended endedAsRecorded(DelegateExecution execution, String pi) {
    List<String> ids = new ArrayList<>(spec.children());
    ids.add(JobnetVariables.PROCESS_ELEMENT);
    Map<String, JobState> states = store.states(pi, ids);
    if (states.get(JobnetVariables.PROCESS_ELEMENT) == JobState.STOPPED) {
      return new Ended(RunState.STOPPED, store.reason(pi, JobnetVariables.PROCESS_ELEMENT).orElse("stopped"));
    }
    if (Runs.cancelled(execution)) {
      return new Ended(RunState.STOPPED, Runs.deleteReason(execution));
    }
    Outcomes.Outcome o = Outcomes.of(spec.children(), states);
    return new Ended(RunState.ofRecorded(o.state()), o.reason());
  }

  private static NodeStateStore.Entry entry(String pi, String root, Ended ended) {
    return new NodeStateStore.Entry(pi, JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT,
        ended.outcome().recorded(), ended.reason());
  }
}
