package dev.jobnet.engine.semantics;

import dev.jobnet.protocol.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * Keeps, on each jobnet scope, the runtime ids of the jobnets around a job, which the agent gives the
 * command as {@code MM_ACTUAL_JOB_ANCESTOR_IDS} and {@code MM_FULL_ACTUAL_JOB_ANCESTOR_IDS}: a root
 * run's process instance id, then the activity instance id of each nested jobnet and finally; an
 * expansion starts a new actual chain with the expanded root's process instance id, while the full
 * chain goes on through it.
 */
final class AncestorIds {

  private AncestorIds() {}

  /**
   * At the start of a root run; {@code expanded} when it runs as an expansion of another. A root run
   * that is no expansion writes nothing: both its chains are its own process instance id, which is what
   * the agents ({@code JobEnvironment}) and {@link #enterJobnet} read when the variables are absent (two
   * variables fewer per run, with their history). An expansion writes both: its actual chain starts
   * again (and must hide the caller's, which the call activity copies in), its full chain goes on from
   * the caller's.
   */
  static void startRoot(DelegateExecution processInstance, boolean expanded) {
    if (!expanded) {
      return;
    }
    String id = processInstance.getProcessInstanceId();
    Object outer = processInstance.getVariable(ProcessVariables.FULL_ANCESTOR_IDS);
    if (outer == null) {
      // called from the top level of a root run that is no expansion: its chain is its own id
      outer = ((ExecutionEntity) processInstance).getProcessInstance().getSuperExecution().getProcessInstanceId();
    }
    processInstance.setVariableLocal(ProcessVariables.ANCESTOR_IDS, id);
    processInstance.setVariableLocal(ProcessVariables.FULL_ANCESTOR_IDS, join(outer, id));
  }

  /** As a nested jobnet or finally starts: its scope execution gets the chains with its id added. */
  static void enterJobnet(DelegateExecution scope, String jobnetInstanceId) {
    Object actual = scope.getVariable(ProcessVariables.ANCESTOR_IDS);
    if (actual == null) {
      actual = scope.getProcessInstanceId(); // in a root run that is no expansion (startRoot)
    }
    Object full = scope.getVariable(ProcessVariables.FULL_ANCESTOR_IDS);
    if (full == null) {
      full = actual;
    }
    scope.setVariableLocal(ProcessVariables.ANCESTOR_IDS, join(actual, jobnetInstanceId));
    scope.setVariableLocal(ProcessVariables.FULL_ANCESTOR_IDS, join(full, jobnetInstanceId));
  }

  private static String join(Object chain, String id) {
    return chain == null ? id : chain + ProcessVariables.ID_SEPARATOR + id;
  }
}
