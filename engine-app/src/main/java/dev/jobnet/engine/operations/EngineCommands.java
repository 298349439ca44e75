package dev.jobnet.engine.operations;

import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operators' actions that work on a run's executions and states inside one engine command (the state
 * store and {@code RunControl} need the command's context): the engine's command executor, and one
 * such command in a transaction of its own, tried again on a conflict ({@link Conflicts}).
 */
final class EngineCommands {

  private EngineCommands() {}

  /** The engine's executor of commands that join the transaction running, or start one. */
  static CommandExecutor executor(ProcessEngine engine) {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
  }

  /** Runs {@code work} as one engine command in a transaction of its own, tried again on a conflict. */
  static <T> T retried(TransactionTemplate transaction, ProcessEngine engine, Supplier<T> work) {
    return Conflicts.retried(() -> transaction.execute(status -> executor(engine).execute(context -> work.get())));
  }
}
