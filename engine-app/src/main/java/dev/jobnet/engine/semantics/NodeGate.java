package dev.jobnet.engine.semantics;

import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/** Applies {@link Gate} at run time: reads the states it needs and records SKIPPED when it says so. */
final class NodeGate {

  private final NodeSpec spec;
  private final NodeStateStore store;

  NodeGate(NodeSpec spec, NodeStateStore store) {
    this.spec = spec;
    this.store = store;
  }

  /** True when the node must not run; then it is recorded as SKIPPED with the reason. */
  boolean skips(ActivityExecution execution) {
    String pi = execution.getProcessInstanceId();
    Map<String, JobState> states = store.states(pi, Gate.idsToRead(spec));
    Optional<String> reason = Gate.skipReason(spec, states);
    if (reason.isEmpty()) {
      return false;
    }
    store.record(new NodeStateStore.Entry(pi, spec.elementId(), Runs.rootInstanceId(execution), spec.kind(),
        JobState.SKIPPED, reason.get()), execution);
    return true;
  }
}
