package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.impl.bpmn.behavior.ExternalTaskActivityBehavior;
import org.camunda.bpm.engine.impl.core.variable.mapping.value.ConstantValueProvider;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/** A job: creates its external task, unless the gate skips it; then it leaves at once. */
final class GatedExternalTaskBehavior extends ExternalTaskActivityBehavior {

  private final NodeGate gate;

  GatedExternalTaskBehavior(String topic, NodeSpec spec, NodeStateStore store) {
    super(new ConstantValueProvider(topic), null);
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
