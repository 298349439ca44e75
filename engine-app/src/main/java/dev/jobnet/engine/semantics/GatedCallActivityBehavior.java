package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.impl.bpmn.behavior.CallActivityBehavior;
import org.camunda.bpm.engine.impl.core.model.CallableElement;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/**
 * An expansion: starts the expanded root, unless the gate skips it or holds it (then it waits until
 * signalled with {@link NodeGate#RELEASE}).
 */
final class GatedCallActivityBehavior extends CallActivityBehavior implements NodeGate.Gated {

  private final NodeGate gate;

  GatedCallActivityBehavior(CallableElement callable, NodeSpec spec, NodeStateStore store) {
    setCallableElement(callable);
    this.gate = new NodeGate(spec, store);
  }

  @Override
  public void execute(ActivityExecution execution) throws Exception {
    switch (gate.decide(execution)) {
      case LEAVE -> leave(execution);
      case WAIT -> { } // held: the expanded root starts when released
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
    return gate.isWaiting(execution, execution.getSubProcessInstance() != null);
  }
}
