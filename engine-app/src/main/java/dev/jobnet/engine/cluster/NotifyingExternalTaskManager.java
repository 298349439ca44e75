package dev.jobnet.engine.cluster;

import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskManager;

/**
 * Camunda's external task manager, which wakes this JVM's waiting long polls once a command that
 * created or unlocked a task has committed; this one also tells the other nodes then
 * ({@link ClusterSignal}), once per command. One instance per command (Camunda's sessions are).
 */
final class NotifyingExternalTaskManager extends ExternalTaskManager {

  private final ClusterSignal signal;
  private boolean told;

  NotifyingExternalTaskManager(ClusterSignal signal) {
    this.signal = signal;
  }

  @Override
  public void fireExternalTaskAvailableEvent() {
    super.fireExternalTaskAvailableEvent();
    CommandContext command = Context.getCommandContext();
    if (!told && command != null) {
      told = true;
      command.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
          committed -> signal.jobsAvailable());
    }
  }

  /** Opens it in place of Camunda's own for every command. */
  static final class Factory implements SessionFactory {

    private final ClusterSignal signal;

    Factory(ClusterSignal signal) {
      this.signal = signal;
    }

    @Override
    public Class<?> getSessionType() {
      return ExternalTaskManager.class;
    }

    @Override
    public Session openSession() {
      return new NotifyingExternalTaskManager(signal);
    }
  }
}
