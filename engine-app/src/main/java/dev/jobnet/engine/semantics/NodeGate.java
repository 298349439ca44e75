package dev.jobnet.engine.semantics;

import dev.jobnet.protocol.ProcessVariables;
import java.util.Map;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/**
 * Applies {@link Gate} at run time for one node: reads the states it needs, records SKIPPED when it
 * says so, and tells the node's behavior whether to run, wait (held) or leave at once.
 *
 * <p>A node that waits sits at its activity with nothing started: no external task, no expanded run,
 * no content. {@link RunControl} finds such executions ({@link #isWaiting}) and signals them with
 * {@link #RELEASE} when an operator releases or skips something; the behavior then asks the gate
 * again.
 */
final class NodeGate {

  /** The signal that makes a waiting node ask its gate again. */
  static final String RELEASE = "jobnet-gate-release";

  /** What the behavior does. */
  enum Action { RUN, WAIT, LEAVE }

  private final NodeSpec spec;
  private final NodeStateStore store;

  NodeGate(NodeSpec spec, NodeStateStore store) {
    this.spec = spec;
    this.store = store;
  }

  NodeSpec spec() {
    return spec;
  }

  /** Run the node, let it wait at its activity, or leave at once (skipped, or decided by an operator). */
  Action decide(ActivityExecution execution) {
    String pi = execution.getProcessInstanceId();
    Map<String, JobState> states = store.states(pi, Gate.idsToRead(spec));
    Gate.Decision decision = Gate.decide(spec, states);
    return switch (decision.verdict()) {
      case RUN -> {
        if (states.get(spec.elementId()) == JobState.WAITING) {
          carryAttempts(execution, pi); // a job a rerun runs again: rare, one more read
        }
        yield Action.RUN;
      }
      case WAIT -> Action.WAIT;
      case LEAVE -> Action.LEAVE;
      case SKIP -> {
        store.record(new NodeStateStore.Entry(pi, spec.elementId(), Runs.rootInstanceId(execution), spec.kind(),
            JobState.SKIPPED, decision.reason()), execution);
        yield Action.LEAVE;
      }
    };
  }

  /**
   * A job that a rerun runs again goes on counting its attempts from the old run's: its carried row
   * says after which attempt ({@link JobnetVariables#RERUN_AFTER_ATTEMPT}), which becomes the job's
   * attempt offset, as an operator's RETRY sets it.
   */
  private void carryAttempts(ActivityExecution execution, String pi) {
    String reason = store.reason(pi, spec.elementId()).orElse("");
    if (spec.kind() == NodeKind.JOB && reason.startsWith(JobnetVariables.RERUN_AFTER_ATTEMPT)) {
      try {
        int attempts = Integer.parseInt(reason.substring(JobnetVariables.RERUN_AFTER_ATTEMPT.length()).trim());
        execution.setVariableLocal(ProcessVariables.ATTEMPT_OFFSET, Math.max(0, attempts));
      } catch (NumberFormatException e) {
        // not ours: the job counts from 1
      }
    }
  }

  /** True when the execution sits at this node's activity, held by its gate: {@code started} is false. */
  boolean isWaiting(ExecutionEntity execution, boolean started) {
    return execution.isActive() && execution.getActivity() != null
        && spec.elementId().equals(execution.getActivity().getId()) && !started;
  }

  /** The behaviors of gated nodes: each can tell whether an execution waits at its gate. */
  interface Gated {

    NodeGate gate();

    /** True when the execution sits at the node, held by the gate, with nothing of the node started. */
    boolean waitsAtGate(ExecutionEntity execution);
  }
}
