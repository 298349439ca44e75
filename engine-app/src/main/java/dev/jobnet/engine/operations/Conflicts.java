package dev.jobnet.engine.operations;

import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;

/**
 * Tries an operator's action again when it lost a race (Camunda's optimistic locking: the flow or
 * another operator changed the run at the same moment). The action must be a whole transaction: a
 * conflict rolls it back, and the next try sees what the winner committed.
 */
final class Conflicts {

  static final int TRIES = 6;

  private Conflicts() {}

  static <T> T retried(Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (OptimisticLockingException e) {
        if (attempt >= TRIES) {
          throw OperationsException.conflict("BUSY", "the run changed " + TRIES
              + " times while this action was being decided: try again", Map.of());
        }
      }
    }
  }

  static void retried(Runnable transaction) {
    retried(() -> {
      transaction.run();
      return null;
    });
  }
}
