package dev.jobnet.engine.semantics;

import dev.jobnet.protocol.ProcessVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

/**
 * When a job, nested jobnet, finally or expansion ends: records its final state, unless one was
 * recorded before (SKIPPED by the gate, STOPPED by an operator, an expansion's outcome by the
 * expanded root).
 *
 * <ul>
 *   <li>A job's state is what the agent reported with {@code complete} ({@code jobnetResult},
 *       SUCCEEDED when absent).
 *   <li>A jobnet or finally is FAILED when one of its direct children FAILED or was STOPPED.
 *   <li>A node whose execution was cancelled (instance deleted) is STOPPED.
 * </ul>
 */
final class NodeEndListener implements ExecutionListener {

  private final NodeSpec spec;
  private final NodeStateStore store;

  NodeEndListener(NodeSpec spec, NodeStateStore store) {
    this.spec = spec;
    this.store = store;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String pi = execution.getProcessInstanceId();
    if (spec.kind() == NodeKind.JOB || spec.kind() == NodeKind.EXPANSION) {
      // the state needs no other node's: written at once unless one is recorded (one statement)
      store.recordUnlessFinal(new NodeStateStore.Entry(pi, spec.elementId(), Runs.rootInstanceId(execution),
          spec.kind(), ownState(execution), ownReason(execution)), execution);
      return;
    }
    // its children all ended in this command (a jobnet of one job): its outcome is written unless it
    // has a row of its own (held or stopped by an operator), in one statement that reads nothing
    if (!Runs.cancelled(execution) && store.recordOutcomeOfKnownChildren(pi, spec.elementId(),
        Runs.rootInstanceId(execution), spec.kind(), spec.children(), execution).isPresent()) {
      return;
    }
    // a jobnet or finally: its own state read with its children's (one statement)
    List<String> ids = new ArrayList<>(spec.children());
    ids.add(spec.elementId());
    Map<String, JobState> states = store.states(pi, ids);
    JobState recorded = states.get(spec.elementId());
    if (recorded != null && recorded.isFinal()) {
      return;
    }
    JobState state;
    String reason;
    if (Runs.cancelled(execution)) {
      state = JobState.STOPPED;
      reason = Runs.deleteReason(execution);
    } else {
      Outcomes.Outcome outcome = Outcomes.of(spec.children(), states);
      state = outcome.state();
      reason = outcome.reason();
    }
    store.record(new NodeStateStore.Entry(pi, spec.elementId(), Runs.rootInstanceId(execution), spec.kind(),
        state, reason), execution);
  }

  /** A job's or expansion's state: STOPPED when cancelled; a job's result; an expansion SUCCEEDED. */
  private JobState ownState(DelegateExecution execution) {
    if (Runs.cancelled(execution)) {
      return JobState.STOPPED;
    }
    if (spec.kind() == NodeKind.JOB) {
      Object result = execution.getVariableLocal(ProcessVariables.RESULT);
      return result == null ? JobState.SUCCEEDED : parseResult(result.toString());
    }
    // The expanded root records its outcome here when it ends; nothing recorded means it was no jobnet.
    return JobState.SUCCEEDED;
  }

  private String ownReason(DelegateExecution execution) {
    if (Runs.cancelled(execution)) {
      return Runs.deleteReason(execution);
    }
    if (spec.kind() == NodeKind.JOB) {
      Object why = execution.getVariableLocal(ProcessVariables.RESULT_REASON);
      return why == null ? null : why.toString();
    }
    return null;
  }

  private static JobState parseResult(String result) {
    try {
      JobState s = JobState.valueOf(result);
      if (s == JobState.SUCCEEDED || s == JobState.FAILED || s == JobState.STOPPED) {
        return s;
      }
    } catch (IllegalArgumentException ignored) {
      // below
    }
    return JobState.FAILED;
  }
}
