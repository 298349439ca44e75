package dev.jobnet.engine.semantics;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Told by the jobnet semantics what happens to runs, inside the engine command that makes it happen
 * (so whatever it writes on the command's transaction commits and rolls back with it). The engine
 * app's event log listens ({@code dev.jobnet.engine.events}); the semantics know nothing of it.
 * A listener must not throw for its own troubles unless the command should fail with it.
 */
public interface SemanticsListener {

  /** Listens to nothing. */
  SemanticsListener NONE = new SemanticsListener() {};

  /**
   * A run of a root jobnet started: a run started by someone, or an expanded jobnet's run started
   * by its caller ({@code expanded}).
   */
  record RunStarted(String processInstanceId, String rootInstanceId, String jobnet, String businessKey,
      String tenantId, boolean expanded) {}

  /**
   * A node's state was recorded: a change, or the same state again (a run an operator marked
   * STOPPED before it ended is recorded STOPPED again when it ends, with its execution).
   *
   * @param previous the state recorded before, null if none was
   * @param execution the execution that ended or was skipped, when the recording came from one (a
   *     job's carries its start marker; a root's means the run ended); null when the state was
   *     recorded from elsewhere (an operator's mark)
   */
  record StateRecorded(NodeStateStore.Entry entry, JobState previous, DelegateExecution execution) {

    /** The state differs from the one recorded before. */
    public boolean changed() {
      return previous != entry.state();
    }
  }

  default void runStarted(RunStarted started, DelegateExecution execution) {}

  default void stateRecorded(StateRecorded recorded) {}
}
