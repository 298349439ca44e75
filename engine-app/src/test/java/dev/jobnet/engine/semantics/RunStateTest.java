package dev.jobnet.engine.semantics;

import static dev.jobnet.engine.semantics.RunState.FAILED;
import static dev.jobnet.engine.semantics.RunState.ON_HOLD;
import static dev.jobnet.engine.semantics.RunState.RUNNING;
import static dev.jobnet.engine.semantics.RunState.STOPPED;
import static dev.jobnet.engine.semantics.RunState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.states.TransitionAssertions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The transition table of a run's states, one source state per test. */
class RunStateTest {

  private static final String RUN = "run 42";

  @Test
  void fromRunning() {
    assertLine(RUNNING, SUCCEEDED, FAILED, STOPPED, ON_HOLD);
  }

  @Test
  void fromOnHold() {
    // released, stopped, or ended by the jobs that ran on while it was held
    assertLine(ON_HOLD, RUNNING, SUCCEEDED, FAILED, STOPPED);
  }

  @Test
  void fromSucceeded() {
    assertLine(SUCCEEDED);
  }

  @Test
  void fromFailed() {
    assertLine(FAILED);
  }

  @Test
  void fromStopped() {
    // an operator's stop marks it STOPPED while it winds down; it ends STOPPED (the same state again)
    assertLine(STOPPED);
  }

  @Test
  void everyStateHasTheTestOfItsLine() {
    TransitionAssertions.assertEveryStateTested(RunState.class, RunStateTest.class);
  }

  @Test
  void aRunIsRecordedAsTheJobStateOfItsName() {
    assertThat(RunState.ofRecorded(null)).isEqualTo(RUNNING);
    for (RunState s : new RunState[] {SUCCEEDED, FAILED, STOPPED}) {
      assertThat(s.recorded().name()).isEqualTo(s.name());
      assertThat(RunState.ofRecorded(s.recorded())).isEqualTo(s);
      assertThat(RunState.ofOutcome(s.name())).contains(s);
    }
    assertThat(RunState.ofRecorded(JobState.ON_HOLD)).isEqualTo(ON_HOLD);
    assertThat(ON_HOLD.isFinal()).as("a held run has no outcome yet").isFalse();
    assertThat(RunState.ofOutcome("ON_HOLD")).isEqualTo(Optional.empty());
    assertThat(RunState.ofOutcome("RUNNING")).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> RunState.ofRecorded(JobState.SKIPPED)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(RUNNING::recorded).isInstanceOf(IllegalStateException.class);
  }

  private static void assertLine(RunState from, RunState... allowed) {
    TransitionAssertions.assertLine(from, RunState::targets, (to, run) -> from.becomes(to, run), RUN, RUN, allowed);
  }
}
