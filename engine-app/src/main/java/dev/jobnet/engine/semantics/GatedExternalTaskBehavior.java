package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.impl.bpmn.behavior.ExternalTaskActivityBehavior;
import org.camunda.bpm.engine.impl.core.variable.mapping.value.ConstantValueProvider;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/**
 * A job: creates its external task, unless the gate skips it (then it leaves at once) or holds it
 * (then it waits without a task until signalled with {@link NodeGate#RELEASE}).
 */
final class GatedExternalTaskBehavior extends ExternalTaskActivityBehavior implements NodeGate.Gated {

  private final NodeGate gate;

  GatedExternalTaskBehavior(String topic, NodeSpec spec, NodeStateStore store) {
    super(new ConstantValueProvider(topic), null);
    this.gate = new NodeGate(spec, store);
  }

  @Override
  public void execute(ActivityExecution execution) throws Exception {
    switch (gate.decide(execution)) {
      case LEAVE -> leave(execution);
      case WAIT -> { } // held: no task until released
      case RUN -> super.execute(execution);
    }
  }

  @Override
  public void signal(ActivityExecution execution, String signalName, Object signalData) throws Exception {
    if (NodeGate.RELEASE.equals(signalName)) {
      execute(execution);
      return;
    }
    super.signal(execution, signalName, signalData);
  }

  @Override
  public NodeGate gate() {
    return gate;
  }

  @Override
  public boolean waitsAtGate(ExecutionEntity execution) {
    return gate.isWaiting(execution, !execution.getExternalTasks().isEmpty());
  }
}
