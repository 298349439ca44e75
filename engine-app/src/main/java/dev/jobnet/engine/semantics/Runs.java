package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;

/** Where a node stands in its run: its process instance and the root run above any expansions. */
final class Runs {

  /** The reason of a node or run that ended because its run was deleted, before who did it. */
  static final String DELETED = "deleted through the engine API";

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

  /**
   * Why a cancelled node or run ended: "deleted through the engine API by (user)" when its run was
   * deleted (Cockpit's delete, {@code DELETE /engine-rest/process-instance/{id}}, the Java API, also
   * the runs its expansions started), else "cancelled" (a process instance modification); with the
   * delete reason when one was given.
   */
  static String deleteReason(DelegateExecution execution) {
    ExecutionEntity e = (ExecutionEntity) execution;
    ExecutionEntity instance = e.getProcessInstance();
    String reason = e.getDeleteReason() != null ? e.getDeleteReason() : instance.getDeleteReason();
    String why = reason == null || reason.isBlank() ? "" : ": " + reason.strip();
    if (!instance.isDeleteRoot()) {
      return "cancelled" + why;
    }
    CommandContext command = Context.getCommandContext();
    String user = command == null ? null : command.getAuthenticatedUserId();
    return DELETED + (user == null ? "" : " by " + user) + why;
  }
}
