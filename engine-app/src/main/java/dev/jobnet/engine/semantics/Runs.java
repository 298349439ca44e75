package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/** Where a node stands in its run: its process instance and the root run above any expansions. */
final class Runs {

  private Runs() {}

  /** The process instance id of the top-level root run, through expansions. */
  static String rootInstanceId(DelegateExecution execution) {
    ExecutionEntity pi = ((ExecutionEntity) execution).getProcessInstance();
    while (pi.getSuperExecution() != null) {
      pi = pi.getSuperExecution().getProcessInstance();
    }
    return pi.getId();
  }

  /** True when the execution ends because its instance or scope was cancelled (deleted, modified). */
  static boolean cancelled(DelegateExecution execution) {
    return ((ActivityExecution) execution).isCanceled();
  }

  static String deleteReason(DelegateExecution execution) {
    ExecutionEntity e = (ExecutionEntity) execution;
    String reason = e.getDeleteReason() != null ? e.getDeleteReason() : e.getProcessInstance().getDeleteReason();
    return reason == null || reason.isBlank() ? "cancelled" : "cancelled: " + reason;
  }
}
