package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.agent.engine.EngineGateway.Delivery;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent reports for each outcome, and that an outcome stays in the journal until the engine has it. */
class ReporterTest {

  @TempDir
  Path work;

  private JobRecord finished(String outcome, int retriesLeft, String reason) {
    return new JobRecord("t1", "jobnet.default", "load", "pi", "load.sh", 2, retriesLeft, 1, 10L, 1L, "b",
        JobPhase.STARTED, null, null, null, null, null, null).finished(outcome, 3, reason, "tail", 4_000L);
  }

  private RecordingEngine engine = new RecordingEngine();

  private boolean deliver(JobRecord r) {
    Journal journal = new Journal(work);
    journal.write(r);
    return new Reporter(engine, journal).deliver(r);
  }

  @Test
  void successIsACompleteAndTheJobLeavesTheJournal() {
    assertThat(deliver(finished("SUCCEEDED", 3, null))).isTrue();
    assertThat(engine.calls).containsExactly("complete t1 {}");
    assertThat(new Journal(work).all()).isEmpty();
  }

  @Test
  void aFailureWithRetriesLeftIsHandleFailureWithTheRunsLeftAndTheBackoff() {
    deliver(finished("RETRYABLE", 3, "exit status 3"));
    assertThat(engine.calls).containsExactly("retriesOf t1",
        "failure t1 'exit status 3 (attempt 2)' retries=3 in=4000");
  }

  @Test
  void theFailureBeforeTheLastRetryLeavesTheTaskFetchableNeverAnIncident() {
    // given: the engine still counts 2 runs left (this one and the last)
    engine.retries = java.util.Optional.of(2);
    // when: this attempt fails with one retry left
    deliver(finished("RETRYABLE", 1, "exit status 3"));
    // then: one run left, not 0 (Camunda's incident, shown as STUCK)
    assertThat(engine.calls).containsExactly("retriesOf t1",
        "failure t1 'exit status 3 (attempt 2)' retries=1 in=4000");
  }

  @Test
  void aFailureReportThatArrivedBeforeItsAnswerWasLostIsNotSentAgain() {
    // given: the engine already counts the runs the report would leave
    engine.retries = java.util.Optional.of(3);
    // when
    assertThat(deliver(finished("RETRYABLE", 3, "exit status 3"))).isTrue();
    // then
    assertThat(engine.calls).containsExactly("retriesOf t1");
    assertThat(new Journal(work).all()).isEmpty();
  }

  @Test
  void aFailureOfAJobThatIsGoneIsDropped() {
    engine.retries = null;
    assertThat(deliver(finished("RETRYABLE", 3, "exit status 3"))).isTrue();
    assertThat(engine.calls).containsExactly("retriesOf t1");
  }

  @Test
  void theLastFailureCompletesTheJobAsFailedSoTheFlowMovesOn() {
    deliver(finished("RETRYABLE", 0, "exit status 3"));
    assertThat(engine.calls).containsExactly(
        "complete t1 {jobnetReason=exit status 3 (attempt 2, no retries left), jobnetResult=FAILED}");
  }

  @Test
  void aFailureNoRetryCanFixCompletesTheJobAsFailedAtOnce() {
    deliver(finished("FINAL", 5, "command not found: /x (not retried)"));
    assertThat(engine.calls).containsExactly(
        "complete t1 {jobnetReason=command not found: /x (not retried), jobnetResult=FAILED}");
  }

  @Test
  void anUnknownOutcomeIsReportedAsAnIncident() {
    deliver(finished("STUCK", 5, "process lost when host restarted"));
    assertThat(engine.calls).containsExactly("failure t1 'process lost when host restarted' retries=0 in=0");
  }

  @Test
  void aCollisionIsSentAgain() {
    engine.answer(Delivery.RETRY, Delivery.RETRY, Delivery.ACCEPTED);
    assertThat(deliver(finished("SUCCEEDED", 3, null))).isTrue();
    assertThat(engine.calls).hasSize(3);
  }

  @Test
  void anUnreachableEngineLeavesTheOutcomeInTheJournal() {
    engine.answer(RecordingEngine.unreachable());
    assertThatThrownBy(() -> deliver(finished("SUCCEEDED", 3, null))).isInstanceOf(EngineUnavailableException.class);
    assertThat(new Journal(work).all()).singleElement()
        .satisfies(r -> assertThat(r.phase()).isEqualTo(JobPhase.FINISHED));
  }

  @Test
  void anOutcomeTheEngineNoLongerWantsIsDropped() {
    engine.answer(Delivery.NOT_WANTED);
    assertThat(deliver(finished("SUCCEEDED", 3, null))).isTrue();
    assertThat(new Journal(work).all()).isEmpty();
  }
}
