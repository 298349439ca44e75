package dev.jobnet.engine.semantics;

import java.util.Optional;
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
    Optional<JobState> recorded = store.state(pi, spec.elementId());
    if (recorded.isPresent() && recorded.get().isFinal()) {
      return;
    }
    JobState state;
    String reason;
    if (Runs.cancelled(execution)) {
      state = JobState.STOPPED;
      reason = Runs.deleteReason(execution);
    } else if (spec.kind() == NodeKind.JOB) {
      Object result = execution.getVariableLocal(JobnetVariables.RESULT);
      state = result == null ? JobState.SUCCEEDED : parseResult(result.toString());
      Object why = execution.getVariableLocal(JobnetVariables.RESULT_REASON);
      reason = why == null ? null : why.toString();
    } else if (spec.kind() == NodeKind.EXPANSION) {
      // The expanded root records its outcome here when it ends; nothing recorded means it was no jobnet.
      state = JobState.SUCCEEDED;
      reason = null;
    } else {
      Outcomes.Outcome outcome = Outcomes.of(spec.children(), store.states(pi, spec.children()));
      state = outcome.state();
      reason = outcome.reason();
    }
    store.record(new NodeStateStore.Entry(pi, spec.elementId(), Runs.rootInstanceId(execution), spec.kind(),
        state, reason), execution);
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
