package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.impl.bpmn.behavior.SubProcessActivityBehavior;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/**
 * A nested jobnet or finally: runs its content unless the gate skips it (then none of its jobs run)
 * or holds it (then it waits, its content not started, until signalled with {@link
 * NodeGate#RELEASE}); when it runs, it becomes a link of the ancestor ids its jobs see.
 */
final class GatedSubProcessBehavior extends SubProcessActivityBehavior implements NodeGate.Gated {

  private final NodeGate gate;

  GatedSubProcessBehavior(NodeSpec spec, NodeStateStore store) {
    this.gate = new NodeGate(spec, store);
  }

  @Override
  public void execute(ActivityExecution execution) throws Exception {
    switch (gate.decide(execution)) {
      case LEAVE -> leave(execution);
      case WAIT -> { } // held: its content starts when released
      case RUN -> {
        AncestorIds.enterJobnet(execution, execution.getActivityInstanceId());
        super.execute(execution);
      }
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
    // while its content runs, the jobnet's scope execution stands at the content's activities
    return gate.isWaiting(execution, false);
  }
}
