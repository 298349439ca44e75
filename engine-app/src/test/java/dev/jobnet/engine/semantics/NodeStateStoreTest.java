package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.states.IllegalStateChangeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.Test;

/**
 * Every state {@link NodeStateStore} records goes through the transition table of its states: a
 * node's ({@link JobState}) or the run's own ({@link RunState}), whether the store knows the state
 * before from its memory or from the database.
 */
class NodeStateStoreTest {

  private final SemanticsEngine fixture = SemanticsEngine.get();
  private final CommandExecutor commands = fixture.configuration().getCommandExecutorTxRequired();
  private final NodeStateStore store = new NodeStateStore(SemanticsListener.NONE);
  private final String run = "run-" + UUID.randomUUID();

  @Test
  void aJobThatEndedIsNotGivenAnotherOutcome() {
    // given: a job recorded SUCCEEDED by an earlier command
    inCommand(() -> store.record(entry("load", NodeKind.JOB, JobState.SUCCEEDED)));
    // when / then: recording FAILED is refused, naming the job and both states
    assertThatThrownBy(() -> inCommand(() -> store.record(entry("load", NodeKind.JOB, JobState.FAILED))))
        .isInstanceOfSatisfying(IllegalStateChangeException.class, e -> {
          assertThat(e.node()).isEqualTo("job load of run " + run);
          assertThat(e.from()).isEqualTo(JobState.SUCCEEDED);
          assertThat(e.to()).isEqualTo(JobState.FAILED);
        });
    assertThat(fixture.states(run)).containsOnly(Map.entry("load", "SUCCEEDED"));
  }

  @Test
  void theChangeIsCheckedAgainstWhatTheCommandWroteItself() {
    // when: one command records a jobnet SKIPPED, then STOPPED
    assertThatThrownBy(() -> inCommand(() -> {
      store.record(entry("net", NodeKind.JOBNET, JobState.SKIPPED));
      store.record(entry("net", NodeKind.JOBNET, JobState.STOPPED));
    })).isInstanceOf(IllegalStateChangeException.class)
        .hasMessageContaining("jobnet net of run " + run).hasMessageContaining("SKIPPED -> STOPPED");
  }

  @Test
  void aRunThatEndedIsNotStoppedAfterwards() {
    // given: a run that ended SUCCEEDED
    inCommand(() -> store.record(entry(JobnetVariables.PROCESS_ELEMENT, NodeKind.ROOT, JobState.SUCCEEDED)));
    // when / then: an operator's mark comes too late
    assertThatThrownBy(() -> inCommand(() -> store.record(entry(JobnetVariables.PROCESS_ELEMENT, NodeKind.ROOT,
        JobState.STOPPED))))
        .isInstanceOfSatisfying(IllegalStateChangeException.class, e -> {
          assertThat(e.node()).isEqualTo("run " + run);
          assertThat(e.from()).isEqualTo(RunState.SUCCEEDED);
          assertThat(e.to()).isEqualTo(RunState.STOPPED);
        });
    assertThat(fixture.states(run)).containsOnly(Map.entry(JobnetVariables.PROCESS_ELEMENT, "SUCCEEDED"));
  }

  @Test
  void aRunStoppedByAnOperatorEndsStopped() {
    // given: an operator's mark
    inCommand(() -> store.record(entry(JobnetVariables.PROCESS_ELEMENT, NodeKind.ROOT, JobState.STOPPED)));
    // when: the run ends
    inCommand(() -> store.record(entry(JobnetVariables.PROCESS_ELEMENT, NodeKind.ROOT, JobState.STOPPED)));
    // then
    assertThat(fixture.states(run)).containsOnly(Map.entry(JobnetVariables.PROCESS_ELEMENT, "STOPPED"));
  }

  @Test
  void aFirstStateRecordedByAnotherTransactionMeanwhileIsACollisionToRetryNotAFailure() throws Exception {
    // given: another transaction records the job's first state and has not committed yet
    try (Connection other = DriverManager.getConnection(fixture.url(), "sa", "")) {
      other.setAutoCommit(false);
      try (PreparedStatement insert = other.prepareStatement("INSERT INTO jobnet_node_state (process_instance_id,"
          + " element_id, root_instance_id, kind, state, reason, updated_at) VALUES (?, 'load', ?, 'JOB', 'STOPPED',"
          + " 'stopped by an operator', CURRENT_TIMESTAMP)")) {
        insert.setString(1, run);
        insert.setString(2, run);
        insert.executeUpdate();
      }
      // when: this command records the job's end while the other's row is not committed (H2 gives up
      // waiting for its lock; PostgreSQL waits and then finds the key taken)
      Throwable mine = null;
      try {
        inCommand(() -> store.record(entry("load", NodeKind.JOB, JobState.SUCCEEDED)));
      } catch (RuntimeException e) {
        mine = e;
      }
      other.commit();
      // then: a collision, which callers send again, and the other's state stands
      assertThat(mine).isInstanceOf(OptimisticLockingException.class)
          .hasMessageContaining("another transaction recorded it at the same time");
    }
    assertThat(fixture.states(run)).containsOnly(Map.entry("load", "STOPPED"));
  }

  @Test
  void onlyAKeyTakenOrALockNotGotIsTakenForACollision() {
    assertThat(NodeStateStore.failure("record", new SQLException("duplicate key", "23505")))
        .isInstanceOf(OptimisticLockingException.class);
    assertThat(NodeStateStore.failure("record", new SQLException("Timeout trying to lock table", "HYT00")))
        .isInstanceOf(OptimisticLockingException.class);
    assertThat(NodeStateStore.failure("record", new SQLException("value too long", "22001")))
        .isNotInstanceOf(OptimisticLockingException.class).hasMessageContaining("value too long");
  }

  private NodeStateStore.Entry entry(String elementId, NodeKind kind, JobState state) {
    return new NodeStateStore.Entry(run, elementId, run, kind, state, null);
  }

  private void inCommand(Runnable work) {
    commands.execute(context -> {
      work.run();
      return null;
    });
  }
}
