package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.impl.bpmn.behavior.SubProcessActivityBehavior;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/**
 * A nested jobnet or finally: runs its content unless the gate skips it (then none of its jobs run);
 * when it runs, it becomes a link of the ancestor ids its jobs see.
 */
final class GatedSubProcessBehavior extends SubProcessActivityBehavior {

  private final NodeGate gate;

  GatedSubProcessBehavior(NodeSpec spec, NodeStateStore store) {
    this.gate = new NodeGate(spec, store);
  }

  @Override
  public void execute(ActivityExecution execution) throws Exception {
    if (gate.skips(execution)) {
      leave(execution);
      return;
    }
    AncestorIds.enterJobnet(execution, execution.getActivityInstanceId());
    super.execute(execution);
  }
}
