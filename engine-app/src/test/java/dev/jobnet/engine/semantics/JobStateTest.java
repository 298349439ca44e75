package dev.jobnet.engine.semantics;

import static dev.jobnet.engine.semantics.JobState.FAILED;
import static dev.jobnet.engine.semantics.JobState.ON_HOLD;
import static dev.jobnet.engine.semantics.JobState.PENDING;
import static dev.jobnet.engine.semantics.JobState.RUNNING;
import static dev.jobnet.engine.semantics.JobState.SKIPPED;
import static dev.jobnet.engine.semantics.JobState.STOPPED;
import static dev.jobnet.engine.semantics.JobState.STUCK;
import static dev.jobnet.engine.semantics.JobState.SUCCEEDED;
import static dev.jobnet.engine.semantics.JobState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.states.TransitionAssertions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The transition table of a job's states, one source state per test. */
class JobStateTest {

  private static final String NODE = "job load of run 42";

  @Test
  void fromWaiting() {
    // a job reached runs (PENDING) or is skipped; a jobnet or expansion ends without being PENDING;
    // an operator holds or skips what has not started
    assertLine(WAITING, PENDING, SKIPPED, STOPPED, SUCCEEDED, FAILED, ON_HOLD);
  }

  @Test
  void fromPending() {
    // an operator holds or skips a job no agent has taken: its task is withdrawn
    assertLine(PENDING, RUNNING, STOPPED, FAILED, SUCCEEDED, ON_HOLD, SKIPPED);
  }

  @Test
  void fromOnHold() {
    // released (WAITING again), skipped or stopped by an operator, skipped by its gate; a held jobnet
    // ends with what ran in it
    assertLine(ON_HOLD, WAITING, SKIPPED, STOPPED, SUCCEEDED, FAILED);
  }

  @Test
  void fromRunning() {
    assertLine(RUNNING, SUCCEEDED, FAILED, STOPPED, STUCK, PENDING);
  }

  @Test
  void fromStuck() {
    assertLine(STUCK, RUNNING, SUCCEEDED, FAILED, STOPPED, PENDING);
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
    assertLine(STOPPED);
  }

  @Test
  void fromSkipped() {
    assertLine(SKIPPED);
  }

  @Test
  void everyStateHasTheTestOfItsLine() {
    TransitionAssertions.assertEveryStateTested(JobState.class, JobStateTest.class);
  }

  @Test
  void theFinalStatesAreTheEndedOnes() {
    assertThat(Arrays.stream(JobState.values()).filter(JobState::isFinal))
        .containsExactly(SUCCEEDED, FAILED, STOPPED, SKIPPED);
  }

  @Test
  void aNodeWithoutARecordedStateIsWaiting() {
    assertThat(JobState.ofRecorded(null)).isEqualTo(WAITING);
    assertThat(JobState.ofRecorded(FAILED)).isEqualTo(FAILED);
  }

  private static void assertLine(JobState from, JobState... allowed) {
    TransitionAssertions.assertLine(from, JobState::targets, (to, node) -> from.becomes(to, node), NODE, NODE,
        allowed);
    for (JobState to : JobState.values()) {
      assertThat(from.canBecome(to)).as("%s -> %s", from, to)
          .isEqualTo(to == from || Arrays.asList(allowed).contains(to));
    }
  }
}
