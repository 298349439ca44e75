package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.Test;

/**
 * What one engine command remembers of {@code jobnet_node_state} ({@link NodeStateMemory}): what it
 * wrote and the final states of jobs it read, nothing of a command before it, nothing of a failed
 * one, and never a root's or jobnet's state, which an operator's stop may change meanwhile.
 */
class NodeStateMemoryTest {

  private final SemanticsEngine fixture = SemanticsEngine.get();
  private final CommandExecutor commands = fixture.configuration().getCommandExecutorTxRequired();
  private final NodeStateStore store = new NodeStateStore(SemanticsListener.NONE);
  private final String run = "run-" + UUID.randomUUID();

  @Test
  void aCommandStartsWithoutTheMemoryOfTheOneBefore() {
    // given: a command records a job SUCCEEDED and reads it back from its memory
    assertThat(inCommand(() -> {
      store.record(entry("a", NodeKind.JOB, JobState.SUCCEEDED));
      return store.state(run, "a");
    })).contains(JobState.SUCCEEDED);
    // when: another client changes the row between commands
    fixture.update("UPDATE jobnet_node_state SET state = 'FAILED' WHERE process_instance_id = ? AND element_id = ?",
        run, "a");
    // then: the next command reads what the database holds
    assertThat(inCommand(() -> store.state(run, "a"))).contains(JobState.FAILED);
  }

  @Test
  void aFailedCommandLeavesNoMemoryBehind() {
    // given: a command records a state, then fails
    assertThatThrownBy(() -> inCommand(() -> {
      store.record(entry("a", NodeKind.JOB, JobState.SUCCEEDED));
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    // when: whatever it left, the row is gone (the standalone engine of this test rolls back only what
    // MyBatis wrote; the app's Spring transactions roll back the whole connection)
    fixture.update("DELETE FROM jobnet_node_state WHERE process_instance_id = ?", run);
    // then: the next command does not answer from the failed one's memory
    assertThat(inCommand(() -> store.state(run, "a"))).isEmpty();
  }

  @Test
  void theStatesOfRootsAndJobnetsAreReadEveryTimeAJobsFinalStateOnce() {
    // given: a job and a jobnet recorded by earlier commands
    inCommand(() -> {
      store.record(entry("a", NodeKind.JOB, JobState.SUCCEEDED));
      store.record(entry("net", NodeKind.JOBNET, JobState.SUCCEEDED));
      return null;
    });
    // when: a command reads them, an operator's stop marks the root meanwhile, and the command reads again
    var seen = inCommand(() -> {
      var first = store.states(run, List.of("a", "net", JobnetVariables.PROCESS_ELEMENT));
      fixture.update("INSERT INTO jobnet_node_state (process_instance_id, element_id, root_instance_id, kind, state,"
          + " reason, updated_at) VALUES (?, ?, ?, 'ROOT', 'STOPPED', 'stopped by op', CURRENT_TIMESTAMP)",
          run, JobnetVariables.PROCESS_ELEMENT, run);
      fixture.update("UPDATE jobnet_node_state SET state = 'STOPPED' WHERE process_instance_id = ? AND element_id = ?",
          run, "net");
      fixture.update("UPDATE jobnet_node_state SET state = 'FAILED' WHERE process_instance_id = ? AND element_id = ?",
          run, "a");
      return List.of(first,
          store.states(run, List.of("a", "net", JobnetVariables.PROCESS_ELEMENT)));
    });
    // then: the root and the jobnet come from the database both times; the job's final state from memory
    assertThat(seen.get(0)).containsOnly(Map.entry("a", JobState.SUCCEEDED),
        Map.entry("net", JobState.SUCCEEDED));
    assertThat(seen.get(1)).containsOnly(Map.entry("a", JobState.SUCCEEDED),
        Map.entry("net", JobState.STOPPED),
        Map.entry(JobnetVariables.PROCESS_ELEMENT, JobState.STOPPED));
  }

  @Test
  void aStateRecordedAgainReplacesTheFirstWithTheRightPrevious() {
    // given: a root recorded STOPPED by an operator's mark
    inCommand(() -> {
      store.record(entry(JobnetVariables.PROCESS_ELEMENT, NodeKind.ROOT, JobState.STOPPED));
      return null;
    });
    // when: it is recorded again in one command, twice
    inCommand(() -> {
      store.record(entry(JobnetVariables.PROCESS_ELEMENT, NodeKind.ROOT, JobState.STOPPED));
      store.record(new NodeStateStore.Entry(run, JobnetVariables.PROCESS_ELEMENT, run, NodeKind.ROOT,
          JobState.STOPPED, "again"));
      return null;
    });
    // then: one row, the last reason
    assertThat(fixture.states(run)).containsOnly(Map.entry(JobnetVariables.PROCESS_ELEMENT, "STOPPED"));
    assertThat(fixture.reason(run, JobnetVariables.PROCESS_ELEMENT)).isEqualTo("again");
    assertThat(inCommand(() -> store.recordUnlessFinal(entry("b", NodeKind.JOB, JobState.SUCCEEDED), null)))
        .isTrue();
    assertThat(inCommand(() -> store.recordUnlessFinal(entry("b", NodeKind.JOB, JobState.FAILED), null)))
        .isFalse();
    assertThat(inCommand(() -> store.state(run, "b"))).isEqualTo(Optional.of(JobState.SUCCEEDED));
  }

  @Test
  void aValueTheTableRefusesFailsTheCommandRatherThanBeingCut() {
    // given: an element id longer than the column's 255 characters
    String id = "x".repeat(300);
    // when / then
    assertThatThrownBy(() -> inCommand(() -> {
      store.record(entry(id, NodeKind.JOB, JobState.SUCCEEDED));
      return null;
    })).isInstanceOf(ProcessEngineException.class).hasMessageContaining("could not record SUCCEEDED");
    assertThat(fixture.states(run)).isEmpty();
  }

  private NodeStateStore.Entry entry(String elementId, NodeKind kind, JobState state) {
    return new NodeStateStore.Entry(run, elementId, run, kind, state, null);
  }

  private <T> T inCommand(Supplier<T> work) {
    return commands.execute(context -> work.get());
  }
}
