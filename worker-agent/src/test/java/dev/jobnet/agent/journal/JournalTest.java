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
  void aHalfWrittenTempFileOfACrashedWriteIsIgnoredOnReload() throws Exception {
    // given: a job journaled as STARTED, then a crash while its FINISHED record was being written
    Journal journal = new Journal(work);
    journal.write(claimed("t-1", 1000).started(4242, 999, "boot-a"));
    Path tmp = journal.directory("t-1").resolve(Journal.RECORD + ".tmp");
    Files.writeString(tmp, "{\"taskId\":\"t-1\",\"phase\":\"FINI");
    // when
    Journal reopened = new Journal(work);
    // then: the last whole record counts
    assertThat(reopened.all()).singleElement().satisfies(r -> {
      assertThat(r.phase()).isEqualTo(JobPhase.STARTED);
      assertThat(r.pid()).isEqualTo(4242L);
    });
    assertThat(reopened.read("t-1")).map(JobRecord::phase).contains(JobPhase.STARTED);
  }

  @Test
  void aJobWhoseFirstRecordNeverReachedTheDiskIsNotInTheJournal() throws Exception {
    // given: a crash during the very first write (the job was never announced to the engine as started)
    Journal journal = new Journal(work);
    Files.createDirectories(journal.directory("t-9"));
    Files.writeString(journal.directory("t-9").resolve(Journal.RECORD + ".tmp"), "{\"taskId\":");
    // then
    assertThat(new Journal(work).all()).isEmpty();
    assertThat(new Journal(work).read("t-9")).isEmpty();
  }

  @Test
  void theNextWriteReplacesALeftOverTempFileWhole() throws Exception {
    // given: a long half-written temp file left by a crash
    Journal journal = new Journal(work);
    journal.write(claimed("t-1", 1000));
    Path tmp = journal.directory("t-1").resolve(Journal.RECORD + ".tmp");
    Files.writeString(tmp, "x".repeat(10_000));
    // when
    journal.write(claimed("t-1", 1000).started(7, 8, "boot-b"));
    // then
    assertThat(tmp).doesNotExist();
    assertThat(new Journal(work).read("t-1")).hasValueSatisfying(r -> {
      assertThat(r.phase()).isEqualTo(JobPhase.STARTED);
      assertThat(r.bootId()).isEqualTo("boot-b");
    });
  }

  @Test
  void oddTaskIdsAreRefusedRatherThanUsedAsPaths() {
    assertThatThrownBy(() -> new Journal(work).directory("../etc")).hasMessageContaining("unexpected external task id");
  }
}
