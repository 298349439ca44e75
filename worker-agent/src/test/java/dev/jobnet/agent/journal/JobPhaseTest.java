package dev.jobnet.agent.journal;

import static dev.jobnet.agent.journal.JobPhase.ABANDONED;
import static dev.jobnet.agent.journal.JobPhase.CLAIMED;
import static dev.jobnet.agent.journal.JobPhase.FINISHED;
import static dev.jobnet.agent.journal.JobPhase.HANDED_OVER;
import static dev.jobnet.agent.journal.JobPhase.LAUNCHING;
import static dev.jobnet.agent.journal.JobPhase.RELEASED;
import static dev.jobnet.agent.journal.JobPhase.REPORTED;
import static dev.jobnet.agent.journal.JobPhase.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The journal's phases, one source phase per test: each allowed target is reached by a record, and
 * each other target is refused with a message naming the job and both phases.
 */
class JobPhaseTest {

  private static JobRecord in(JobPhase phase) {
    return new JobRecord("t-7", "jobnet.default", "load", "pi-1", "/opt/load.sh", 1, 5, 1, null, null, null, phase,
        null, null, null, null, null, null);
  }

  private static void assertTargets(JobPhase from, Set<JobPhase> allowed) {
    for (JobPhase to : JobPhase.values()) {
      assertThat(from.canBecome(to)).as("%s -> %s", from, to).isEqualTo(allowed.contains(to));
      if (allowed.contains(to)) {
        assertThat(in(from).to(to).phase()).isEqualTo(to);
      } else {
        assertThatThrownBy(() -> in(from).to(to)).isInstanceOf(IllegalStateException.class)
            .hasMessage("job t-7 cannot go from " + from + " to " + to);
      }
    }
    assertThat(from.isDone()).isEqualTo(allowed.isEmpty());
  }

  @Test
  void claimedMayLaunchStartFinishAtOnceBeReleasedAbandonedOrHandedOver() {
    assertTargets(CLAIMED, EnumSet.of(LAUNCHING, STARTED, FINISHED, RELEASED, ABANDONED, HANDED_OVER));
  }

  @Test
  void launchingMayStartFinishAtOnceBeReleasedOrAbandoned() {
    assertTargets(LAUNCHING, EnumSet.of(STARTED, FINISHED, RELEASED, ABANDONED));
  }

  @Test
  void startedMayOnlyFinishOrBeAbandoned() {
    assertTargets(STARTED, EnumSet.of(FINISHED, ABANDONED));
  }

  @Test
  void finishedMayOnlyBeReportedOrAbandoned() {
    assertTargets(FINISHED, EnumSet.of(REPORTED, ABANDONED));
  }

  @Test
  void reportedIsFinal() {
    assertTargets(REPORTED, EnumSet.noneOf(JobPhase.class));
  }

  @Test
  void releasedIsFinal() {
    assertTargets(RELEASED, EnumSet.noneOf(JobPhase.class));
  }

  @Test
  void abandonedIsFinal() {
    assertTargets(ABANDONED, EnumSet.noneOf(JobPhase.class));
  }

  @Test
  void handedOverIsFinal() {
    assertTargets(HANDED_OVER, EnumSet.noneOf(JobPhase.class));
  }

  @Test
  void startedAndFinishedRecordsGoThroughTheSameTable() {
    assertThatThrownBy(() -> in(FINISHED).started(1, 1, "b")).hasMessage("job t-7 cannot go from FINISHED to STARTED");
    assertThatThrownBy(() -> in(REPORTED).finished("SUCCEEDED", 0, null, null, null))
        .hasMessage("job t-7 cannot go from REPORTED to FINISHED");
  }
}
