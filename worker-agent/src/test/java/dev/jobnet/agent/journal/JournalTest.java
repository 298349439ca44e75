package dev.jobnet.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir
  Path work;

  private static JobRecord claimed(String id, long at) {
    return new JobRecord(id, "jobnet.default", "load", "pi-1", "/opt/load.sh", 1, 5, at, null, null, null,
        JobPhase.CLAIMED, null, null, null, null, null, null);
  }

  @Test
  void recordsSurviveANewJournalOnTheSameDirectory() {
    // given
    Journal journal = new Journal(work);
    journal.write(claimed("t-2", 2000));
    journal.write(claimed("t-1", 1000).started(4242, 999, "boot-a"));
    // when
    Journal reopened = new Journal(work);
    // then
    assertThat(reopened.all()).extracting(JobRecord::taskId).containsExactly("t-1", "t-2");
    assertThat(reopened.read("t-1")).hasValueSatisfying(r -> {
      assertThat(r.phase()).isEqualTo(JobPhase.STARTED);
      assertThat(r.pid()).isEqualTo(4242L);
      assertThat(r.bootId()).isEqualTo("boot-a");
    });
    assertThat(Files.exists(work.resolve("jobs/t-1/job.json.tmp"))).isFalse();
  }

  @Test
  void aDoneJobIsRemovedWithItsFiles() throws Exception {
    Journal journal = new Journal(work);
    journal.write(claimed("t-1", 1));
    Files.writeString(journal.directory("t-1").resolve("stdout.log"), "x");
    journal.remove("t-1");
    assertThat(journal.all()).isEmpty();
    assertThat(journal.directory("t-1")).doesNotExist();
  }

  @Test
  void phasesMoveOnlyAlongTheirTable() {
    JobRecord c = claimed("t", 1);
    assertThat(c.to(JobPhase.RELEASED).phase()).isEqualTo(JobPhase.RELEASED);
    assertThat(c.started(1, 1, "b").finished("SUCCEEDED", 0, null, null, null).to(JobPhase.REPORTED).phase())
        .isEqualTo(JobPhase.REPORTED);
    assertThatThrownBy(() -> c.to(JobPhase.REPORTED)).hasMessageContaining("cannot go from CLAIMED to REPORTED");
    assertThatThrownBy(() -> c.to(JobPhase.RELEASED).to(JobPhase.STARTED)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void oddTaskIdsAreRefusedRatherThanUsedAsPaths() {
    assertThatThrownBy(() -> new Journal(work).directory("../etc")).hasMessageContaining("unexpected external task id");
  }
}
