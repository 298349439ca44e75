package dev.jobnet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The count of attempts at every boundary, played against a model of Camunda's task: retries 0 is an
 * incident (the job STUCK, unfetchable), so an ordinary failure must never report 0.
 */
class RetryCountTest {

  /** Camunda's external task as far as retries go: null until a failure is reported. */
  private static final class Task {
    Integer retries;
    boolean incident;
    boolean failed;

    void handleFailure(int r) {
      retries = r;
      incident = r == 0;
    }
  }

  /** Runs a job that fails on every attempt, as an agent does, and returns the attempts run. */
  private static List<Integer> failEveryTime(int policy, Task task, int offset) {
    List<Integer> runs = new ArrayList<>();
    while (!task.failed && !task.incident && runs.size() < 100) {
      int attempt = RetryCount.attempt(policy, task.retries, offset);
      runs.add(attempt);
      int left = RetryCount.retriesAfter(policy, task.retries, attempt);
      if (left > 0) {
        task.handleFailure(RetryCount.engineRetriesAfterFailure(left));
      } else {
        task.failed = true;
      }
    }
    return runs;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 5, 10})
  void aJobThatAlwaysFailsRunsOncePlusItsRetriesThenFailsNeverStuck(int retries) {
    // given
    Task task = new Task();
    // when
    List<Integer> runs = failEveryTime(retries, task, 0);
    // then
    assertThat(runs).hasSize(1 + retries);
    assertThat(runs.get(0)).isEqualTo(1);
    assertThat(runs.get(runs.size() - 1)).isEqualTo(1 + retries);
    assertThat(task.failed).as("FAILED").isTrue();
    assertThat(task.incident).as("never an incident (STUCK) for an ordinary failure").isFalse();
  }

  @Test
  void zeroRetriesMeansTheFirstFailureIsFinal() {
    assertThat(RetryCount.attempt(0, null, 0)).isEqualTo(1);
    assertThat(RetryCount.retriesAfter(0, null, 1)).isZero();
  }

  @Test
  void oneRetryMeansOneMoreRunWithOneRunLeft() {
    assertThat(RetryCount.retriesAfter(1, null, 1)).isEqualTo(1);
    assertThat(RetryCount.engineRetriesAfterFailure(1)).as("fetchable").isEqualTo(1);
    assertThat(RetryCount.attempt(1, 1, 0)).isEqualTo(2);
    assertThat(RetryCount.retriesAfter(1, 1, 2)).isZero();
  }

  @Test
  void theDefaultFiveRetriesCountDownToOneRunLeft() {
    assertThat(RetryCount.firstEngineRetries(5)).isEqualTo(6);
    assertThat(RetryCount.attempt(5, null, 0)).isEqualTo(1);
    assertThat(RetryCount.attempt(5, 5, 0)).isEqualTo(2);
    assertThat(RetryCount.attempt(5, 1, 0)).isEqualTo(6);
    assertThat(RetryCount.retriesAfter(5, 1, 6)).isZero();
  }

  @Test
  void aFinalFailureIsNeverReportedAsRetries() {
    assertThatThrownBy(() -> RetryCount.engineRetriesAfterFailure(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("final");
  }

  @Test
  void aFailureReportWhoseAnswerWasLostIsRecognisedAndNotCountedTwice() {
    // given: attempt 2 of 5 retries (4 left after it) was reported, the answer lost
    int left = RetryCount.retriesAfter(5, 5, 2);
    assertThat(left).isEqualTo(4);
    // then: the engine at 5 has not seen it; at 4 it has
    assertThat(RetryCount.failureReached(5, left)).isFalse();
    assertThat(RetryCount.failureReached(4, left)).isTrue();
    assertThat(RetryCount.failureReached(null, left)).as("no failure reported yet").isFalse();
    assertThat(RetryCount.failureReached(0, left)).as("STUCK meanwhile: the report must still go").isFalse();
  }

  @Test
  void aRetryAfterStuckResolutionRunsTheNextAttemptWithTheRetriesThePolicyStillHas() {
    // given: 2 retries; attempt 2 got STUCK and an operator chose RETRY
    RetryCount.Resume resume = RetryCount.resumeAt(2, 3);
    Task task = new Task();
    task.retries = resume.engineRetries();
    // when
    List<Integer> runs = failEveryTime(2, task, resume.offset());
    // then: attempt 3, the last of the policy, then FAILED
    assertThat(runs).containsExactly(3);
    assertThat(task.failed).isTrue();
  }

  @Test
  void aRetryOfTheLastAttemptAddsOneRunBeyondThePolicyAndNoMore() {
    // given: 2 retries; attempt 3 (the last) got STUCK and an operator chose RETRY
    RetryCount.Resume resume = RetryCount.resumeAt(2, 4);
    Task task = new Task();
    task.retries = resume.engineRetries();
    // when
    List<Integer> runs = failEveryTime(2, task, resume.offset());
    // then
    assertThat(resume.engineRetries()).as("fetchable").isEqualTo(1);
    assertThat(runs).containsExactly(4);
    assertThat(task.failed).isTrue();
    assertThat(task.incident).isFalse();
  }

  @Test
  void aRetryOfTheFirstAttemptKeepsEveryRetryOfThePolicy() {
    RetryCount.Resume resume = RetryCount.resumeAt(5, 2);
    Task task = new Task();
    task.retries = resume.engineRetries();
    assertThat(failEveryTime(5, task, resume.offset())).containsExactly(2, 3, 4, 5, 6);
  }

  @Test
  void moreRunsThanThePolicyGrantNoMoreRetriesThanItHas() {
    // an operator's setRetries(9) on a job of 2 retries: the attempt is still counted from 1
    assertThat(RetryCount.attempt(2, 9, 0)).isEqualTo(1);
    assertThat(RetryCount.retriesAfter(2, 9, 1)).isEqualTo(2);
  }
}
