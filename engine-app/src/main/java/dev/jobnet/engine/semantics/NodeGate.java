package dev.jobnet.engine.semantics;

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
      case RUN -> Action.RUN;
      case WAIT -> Action.WAIT;
      case LEAVE -> Action.LEAVE;
      case SKIP -> {
        store.record(new NodeStateStore.Entry(pi, spec.elementId(), Runs.rootInstanceId(execution), spec.kind(),
            JobState.SKIPPED, decision.reason()), execution);
        yield Action.LEAVE;
      }
    };
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
