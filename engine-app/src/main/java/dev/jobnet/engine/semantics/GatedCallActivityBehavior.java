package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.impl.bpmn.behavior.CallActivityBehavior;
import org.camunda.bpm.engine.impl.core.model.CallableElement;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/** An expansion: starts the expanded root, unless the gate skips it. */
final class GatedCallActivityBehavior extends CallActivityBehavior {

  private final NodeGate gate;

  GatedCallActivityBehavior(CallableElement callable, NodeSpec spec, NodeStateStore store) {
    setCallableElement(callable);
    this.gate = new NodeGate(spec, store);
  }

  @Override
  public void execute(ActivityExecution execution) throws Exception {
    if (gate.skips(execution)) {
      leave(execution);
      return;
    }
    super.execute(execution);
  }
}
