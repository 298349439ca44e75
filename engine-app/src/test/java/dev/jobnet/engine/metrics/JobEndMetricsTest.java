package dev.jobnet.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Which events count as a job's end, its run and its wait, and that they count after the commit only. */
class JobEndMetricsTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final JobEndMetrics metrics = new JobEndMetrics(registry);

  @AfterEach
  void noTransaction() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.clearSynchronization();
    }
  }

  private static Event event(EventKind kind, Map<String, Object> details) {
    return new Event(1, T, kind, "root", "root", "load", null, "agent-1", "", details);
  }

  private double ended(String state) {
    return registry.get("jobnet.jobs.ended").tag("state", state).counter().count();
  }

  @Test
  void everyFinalStateHasItsCounterFromTheStart() {
    assertThat(ended("SUCCEEDED")).isZero();
    assertThat(ended("FAILED")).isZero();
    assertThat(ended("STOPPED")).isZero();
    assertThat(ended("SKIPPED")).isZero();
    assertThat(registry.get("jobnet.start.latency").timer().count()).isZero();
  }

  @Test
  void aSucceededJobCountsWithItsRunFromTheStartMarker() {
    // when
    metrics.onEvent(event(EventKind.JOB_SUCCEEDED,
        Map.of("node", "job", "startedAt", T.minusSeconds(90).toString())));
    // then
    assertThat(ended("SUCCEEDED")).isEqualTo(1.0);
    var duration = registry.get("jobnet.job.duration").tag("state", "SUCCEEDED").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);
  }

  @Test
  void aSkippedJobCountsWithoutARun() {
    // when
    metrics.onEvent(event(EventKind.JOB_SKIPPED, Map.of("node", "job")));
    // then
    assertThat(ended("SKIPPED")).isEqualTo(1.0);
    assertThat(registry.find("jobnet.job.duration").tag("state", "SKIPPED").timer()).isNull();
  }

  @Test
  void aStoppedJobThatHadStartedCountsItsRun() {
    // when
    metrics.onEvent(event(EventKind.JOB_STOPPED, Map.of("node", "job", "startedAt", T.minusSeconds(5).toString())));
    // then
    assertThat(ended("STOPPED")).isEqualTo(1.0);
    assertThat(registry.get("jobnet.job.duration").tag("state", "STOPPED").timer().count()).isEqualTo(1);
  }

  @Test
  void aFailedAttemptWithRetriesLeftIsNoEnd() {
    // when
    metrics.onEvent(event(EventKind.JOB_FAILED, Map.of("node", "job", "final", false)));
    // then
    assertThat(ended("FAILED")).isZero();
    // when
    metrics.onEvent(event(EventKind.JOB_FAILED, Map.of("node", "job", "final", true)));
    // then
    assertThat(ended("FAILED")).isEqualTo(1.0);
  }

  @Test
  void aNestedJobnetsEndIsNoJobsEnd() {
    // when
    metrics.onEvent(event(EventKind.JOB_SKIPPED, Map.of("node", "jobnet")));
    metrics.onEvent(event(EventKind.JOB_SUCCEEDED, Map.of("node", "jobnet")));
    // then
    assertThat(ended("SKIPPED")).isZero();
    assertThat(ended("SUCCEEDED")).isZero();
  }

  @Test
  void aFirstStartRecordsTheWaitSinceTheJobBecameReady() {
    // when
    metrics.onEvent(event(EventKind.JOB_STARTED, Map.of("attempt", 1, "readyAt", T.minusMillis(250).toString())));
    metrics.onEvent(event(EventKind.JOB_STARTED, Map.of("attempt", 2)));
    // then
    var latency = registry.get("jobnet.start.latency").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
  }

  @Test
  void insideATransactionItCountsOnlyOnceItCommitted() {
    // given
    TransactionSynchronizationManager.initSynchronization();
    // when
    metrics.onEvent(event(EventKind.JOB_SUCCEEDED, Map.of("node", "job")));
    // then
    assertThat(ended("SUCCEEDED")).as("not before the commit").isZero();
    // when
    TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
    // then
    assertThat(ended("SUCCEEDED")).isEqualTo(1.0);
  }

  @Test
  void aRolledBackEndCountsNothing() {
    // given
    TransactionSynchronizationManager.initSynchronization();
    // when
    metrics.onEvent(event(EventKind.JOB_STOPPED, Map.of("node", "job")));
    TransactionSynchronizationManager.getSynchronizations()
        .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
    // then
    assertThat(ended("STOPPED")).isZero();
  }
}
