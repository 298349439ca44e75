package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/** At the start of a root run: the first link of the ancestor ids. */
final class RootStartListener implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    boolean expanded = ((ExecutionEntity) execution).getProcessInstance().getSuperExecution() != null;
    AncestorIds.startRoot(execution, expanded);
  }
}
