package dev.jobnet.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    assertThat(work.resolve("jobs/t-1/" + Journal.LEGACY_RECORD)).doesNotExist();
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
  void aJobClosedInAFinalPhaseIsForgottenWithoutWritingThatPhase() throws Exception {
    // given: a finished job with its output
    Journal journal = new Journal(work);
    JobRecord finished = claimed("t-1", 1).started(4242, 999, "boot-a").finished("SUCCEEDED", 0, null, null, null);
    journal.write(finished);
    Files.writeString(journal.directory("t-1").resolve("stdout.log"), "x");
    // when
    journal.close(finished.to(JobPhase.REPORTED));
    // then
    assertThat(journal.all()).isEmpty();
    assertThat(journal.directory("t-1")).doesNotExist();
  }

  @Test
  void aJobNotInAFinalPhaseCannotBeClosedAndKeepsItsRecord() {
    Journal journal = new Journal(work);
    JobRecord started = claimed("t-1", 1).started(4242, 999, "boot-a");
    journal.write(started);
    assertThatThrownBy(() -> journal.close(started))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("job t-1 is STARTED, not in a final phase");
    assertThat(journal.read("t-1")).hasValueSatisfying(r -> assertThat(r.phase()).isEqualTo(JobPhase.STARTED));
  }

  @Test
  void aJobWhoseRemovalWasCutShortLeavesNothingToActOn() throws Exception {
    // given: a crash after the record went and before the output files did
    Journal journal = new Journal(work);
    journal.write(claimed("t-1", 1));
    Files.writeString(journal.directory("t-1").resolve("stdout.log"), "x");
    Files.delete(journal.directory("t-1").resolve(Journal.LOG));
    // when
    Journal reopened = new Journal(work);
    // then: no job, and removing it again finishes the job
    assertThat(reopened.all()).isEmpty();
    reopened.remove("t-1");
    assertThat(reopened.directory("t-1")).doesNotExist();
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
  void aRecordTornByACrashWhileAppendingIsPassedOverOnReload() throws Exception {
    // given: a job journaled as STARTED, then a crash while its FINISHED record was being appended
    Journal journal = new Journal(work);
    journal.write(claimed("t-1", 1000).started(4242, 999, "boot-a"));
    Files.writeString(journal.directory("t-1").resolve(Journal.LOG), "\n{\"taskId\":\"t-1\",\"phase\":\"FINI",
        StandardOpenOption.APPEND);
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
    Files.writeString(journal.directory("t-9").resolve(Journal.LOG), "\n{\"taskId\":");
    // then
    assertThat(new Journal(work).all()).isEmpty();
    assertThat(new Journal(work).read("t-9")).isEmpty();
  }

  @Test
  void aRecordAppendedAfterATornOneCounts() throws Exception {
    // given: a torn record without its line break, left by a crash
    Journal journal = new Journal(work);
    journal.write(claimed("t-1", 1000));
    Files.writeString(journal.directory("t-1").resolve(Journal.LOG), "\n{\"taskId\":\"t-1\",\"pha",
        StandardOpenOption.APPEND);
    // when: the restarted agent goes on with the job
    journal.write(claimed("t-1", 1000).started(7, 8, "boot-b"));
    // then
    assertThat(new Journal(work).read("t-1")).hasValueSatisfying(r -> {
      assertThat(r.phase()).isEqualTo(JobPhase.STARTED);
      assertThat(r.bootId()).isEqualTo("boot-b");
    });
  }

  @Test
  void eachStepAddsOneLineAndTheLastCounts() throws Exception {
    Journal journal = new Journal(work);
    JobRecord claimed = claimed("t-1", 1000);
    journal.write(claimed);
    journal.write(claimed.launching("boot-a"));
    journal.write(claimed.launching("boot-a").started(42, 43, "boot-a"));
    assertThat(Files.readAllLines(journal.directory("t-1").resolve(Journal.LOG)))
        .filteredOn(l -> !l.isEmpty()).hasSize(3);
    assertThat(journal.read("t-1")).map(JobRecord::phase).contains(JobPhase.STARTED);
  }

  @Test
  void aJobJournaledByAnEarlierAgentInItsSingleRecordIsReadAndGoesOnInTheLog() throws Exception {
    // given: a job an agent of the earlier journal format left STARTED (job.json, written whole)
    Journal journal = new Journal(work);
    JobRecord started = claimed("t-1", 1000).started(4242, 999, "boot-a");
    Files.createDirectories(journal.directory("t-1"));
    Files.write(journal.directory("t-1").resolve(Journal.LEGACY_RECORD), new ObjectMapper().writeValueAsBytes(started));
    // when / then: the upgraded agent reads it
    assertThat(journal.all()).singleElement().satisfies(r -> {
      assertThat(r.phase()).isEqualTo(JobPhase.STARTED);
      assertThat(r.pid()).isEqualTo(4242L);
    });
    // when: it goes on with the job, then closes it
    JobRecord finished = started.finished("SUCCEEDED", 0, null, null, null);
    journal.write(finished);
    // then: the newer record counts, and closing forgets both
    assertThat(journal.read("t-1")).map(JobRecord::phase).contains(JobPhase.FINISHED);
    journal.close(finished.to(JobPhase.REPORTED));
    assertThat(journal.all()).isEmpty();
    assertThat(journal.directory("t-1")).doesNotExist();
  }

  @Test
  void aNotedRecordCountsAtOnceAndReachesTheDiskWithTheJobsNextWrite() {
    // given
    ForcedWrites disk = new ForcedWrites(work);
    Journal journal = new Journal(work, disk);
    JobRecord claimed = claimed("t-1", 1000);
    // when: noted, then written
    journal.note(claimed);
    // then: read back at once (a restarted agent finds it), nothing waited for
    assertThat(new Journal(work).read("t-1")).map(JobRecord::phase).contains(JobPhase.CLAIMED);
    assertThat(disk.forced()).isEmpty();
    // when
    journal.write(claimed.launching("boot-a"));
    journal.note(claimed.launching("boot-a").started(42, 43, "boot-a"));
    journal.write(claimed.launching("boot-a").started(42, 43, "boot-a").finished("SUCCEEDED", 0, null, null, null));
    // then: the first write also makes the job's directory durable, once
    assertThat(disk.forced()).containsExactly("LAUNCHING", "dir jobs/t-1", "dir jobs", "FINISHED");
    assertThat(new Journal(work).read("t-1")).map(JobRecord::phase).contains(JobPhase.FINISHED);
  }

  @Test
  void aJobWrittenFirstHasItsDirectoryMadeDurableWithItsFirstRecord() {
    ForcedWrites disk = new ForcedWrites(work);
    Journal journal = new Journal(work, disk);
    journal.write(claimed("t-1", 1000));
    journal.write(claimed("t-1", 1000).launching("boot-a"));
    assertThat(disk.forced()).containsExactly("CLAIMED", "dir jobs/t-1", "dir jobs", "LAUNCHING");
  }

  @Test
  void oddTaskIdsAreRefusedRatherThanUsedAsPaths() {
    assertThatThrownBy(() -> new Journal(work).directory("../etc")).hasMessageContaining("unexpected external task id");
  }
}
