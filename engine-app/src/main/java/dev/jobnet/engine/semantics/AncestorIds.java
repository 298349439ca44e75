package dev.jobnet.engine.semantics;

import dev.jobnet.protocol.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Keeps, on each jobnet scope, the runtime ids of the jobnets around a job, which the agent gives the
 * command as {@code MM_ACTUAL_JOB_ANCESTOR_IDS} and {@code MM_FULL_ACTUAL_JOB_ANCESTOR_IDS}: a root
 * run's process instance id, then the activity instance id of each nested jobnet and finally; an
 * expansion starts a new actual chain with the expanded root's process instance id, while the full
 * chain goes on through it.
 */
final class AncestorIds {

  private AncestorIds() {}

  /** At the start of a root run; {@code expanded} when it runs as an expansion of another. */
  static void startRoot(DelegateExecution processInstance, boolean expanded) {
    String id = processInstance.getProcessInstanceId();
    Object outer = expanded ? processInstance.getVariable(ProcessVariables.FULL_ANCESTOR_IDS) : null;
    processInstance.setVariableLocal(ProcessVariables.ANCESTOR_IDS, id);
    processInstance.setVariableLocal(ProcessVariables.FULL_ANCESTOR_IDS, join(outer, id));
  }

  /** As a nested jobnet or finally starts: its scope execution gets the chains with its id added. */
  static void enterJobnet(DelegateExecution scope, String jobnetInstanceId) {
    Object actual = scope.getVariable(ProcessVariables.ANCESTOR_IDS);
    Object full = scope.getVariable(ProcessVariables.FULL_ANCESTOR_IDS);
    scope.setVariableLocal(ProcessVariables.ANCESTOR_IDS, join(actual, jobnetInstanceId));
    scope.setVariableLocal(ProcessVariables.FULL_ANCESTOR_IDS, join(full, jobnetInstanceId));
  }

  private static String join(Object chain, String id) {
    return chain == null ? id : chain + ProcessVariables.ID_SEPARATOR + id;
  }
}
