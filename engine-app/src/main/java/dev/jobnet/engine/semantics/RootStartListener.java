package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * At the start of a root run: claims its business key (a second running run of the same jobnet with
 * the same key is refused), adopts the states a rerun carried over from the run it reruns ({@link
 * JobnetVariables#RERUN_OF}; for an expanded run, the run its expansion had started, which the
 * expansion's carried row names: {@link JobnetVariables#RERUN_EXPANSION_OF}), starts the chain of
 * ancestor ids its jobs see, and tells the listener. A run with nothing carried into it has no recorded
 * states yet: the {@link NodeStateStore} then reads none of its states in this command.
 */
final class RootStartListener implements ExecutionListener {

  private final RunningKeyStore keys;
  private final SemanticsListener listener;
  private final NodeStateStore store;

  RootStartListener(RunningKeyStore keys, SemanticsListener listener, NodeStateStore store) {
    this.keys = keys;
    this.listener = listener;
    this.store = store;
  }

  @Override
  public void notify(DelegateExecution execution) {
    ExecutionEntity instance = ((ExecutionEntity) execution).getProcessInstance();
    boolean expanded = instance.getSuperExecution() != null;
    String businessKey = instance.getBusinessKey();
    if (!expanded && businessKey != null && !businessKey.isBlank()) {
      keys.claim(instance.getProcessDefinition().getKey(), instance.getTenantId(), businessKey, instance.getId());
    }
    Object rerunOf = expanded ? expansionRerunOf(instance.getSuperExecution())
        : execution.getVariableLocal(JobnetVariables.RERUN_OF);
    if (rerunOf != null) {
      // before any gate reads them
      store.adoptCarried(rerunOf.toString(), instance.getId(), instance.getRootProcessInstanceId());
    } else {
      store.born(instance.getId()); // its gates in this command read nothing
    }
    AncestorIds.startRoot(execution, expanded);
    listener.runStarted(new SemanticsListener.RunStarted(instance.getId(), Runs.rootInstanceId(execution),
        instance.getProcessDefinition().getKey(), businessKey, instance.getTenantId(), expanded), execution);
  }

  /** The run an expansion that a rerun runs again had started, or null (its carried row says). */
  private String expansionRerunOf(ExecutionEntity expansion) {
    String reason = store.reason(expansion.getProcessInstanceId(), expansion.getActivityId()).orElse(null);
    return reason != null && reason.startsWith(JobnetVariables.RERUN_EXPANSION_OF)
        ? reason.substring(JobnetVariables.RERUN_EXPANSION_OF.length()).trim() : null;
  }
}
