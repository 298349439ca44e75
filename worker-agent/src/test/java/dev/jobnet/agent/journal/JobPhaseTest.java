package dev.jobnet.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The journal's phases, one source phase per test. */
class JobPhaseTest {

  @Test
  void claimedMayStartFinishAtOnceBeReleasedOrAbandoned() {
    assertThat(JobPhase.CLAIMED.canBecome(JobPhase.STARTED)).isTrue();
    assertThat(JobPhase.CLAIMED.canBecome(JobPhase.FINISHED)).isTrue();
    assertThat(JobPhase.CLAIMED.canBecome(JobPhase.RELEASED)).isTrue();
    assertThat(JobPhase.CLAIMED.canBecome(JobPhase.REPORTED)).isFalse();
  }

  @Test
  void startedMayOnlyFinishOrBeAbandoned() {
    assertThat(JobPhase.STARTED.canBecome(JobPhase.FINISHED)).isTrue();
    assertThat(JobPhase.STARTED.canBecome(JobPhase.ABANDONED)).isTrue();
    assertThat(JobPhase.STARTED.canBecome(JobPhase.RELEASED)).isFalse();
    assertThat(JobPhase.STARTED.canBecome(JobPhase.STARTED)).isFalse();
  }

  @Test
  void finishedMayOnlyBeReportedOrAbandoned() {
    assertThat(JobPhase.FINISHED.canBecome(JobPhase.REPORTED)).isTrue();
    assertThat(JobPhase.FINISHED.canBecome(JobPhase.ABANDONED)).isTrue();
    assertThat(JobPhase.FINISHED.canBecome(JobPhase.STARTED)).isFalse();
  }

  @Test
  void reportedReleasedAndAbandonedAreFinal() {
    assertThat(JobPhase.REPORTED.isDone()).isTrue();
    assertThat(JobPhase.RELEASED.isDone()).isTrue();
    assertThat(JobPhase.ABANDONED.isDone()).isTrue();
  }
}
