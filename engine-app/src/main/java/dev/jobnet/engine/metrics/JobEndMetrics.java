package dev.jobnet.engine.metrics;

import dev.jobnet.engine.events.AfterCommit;
import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventSubscriber;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.NodeKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the event log tells, counted ({@code docs/metrics.md}): {@code jobnet_jobs_ended_total} by final
 * {@code state} of a job (not of a nested jobnet: {@code details.node} is {@code job}; a JOB_FAILED
 * only when {@code final}), {@code jobnet_job_duration_seconds} by {@code state} from the start marker
 * of the attempt that ended the job to its end ({@code details.startedAt}), and {@code
 * jobnet_start_latency_seconds} from when a job became ready (its external task was created, {@code
 * details.readyAt} of a first attempt's JOB_STARTED) to its start marker.
 *
 * <p>Told in the event's transaction, it counts only once that transaction committed: a rolled-back
 * completion counts nothing. Every node counts what it recorded; Prometheus sums the nodes.
 */
@Component
class JobEndMetrics implements EventSubscriber {

  /** The final states of a job, each with its counter from the start (0 included). */
  static final List<JobState> ENDED = List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.STOPPED, JobState.SKIPPED);

  /** Buckets of a job's run: a second to a day. */
  static final List<Duration> DURATION_BUCKETS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
      Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24));

  /** Buckets of a job's wait for an agent: 10 ms to 10 minutes. */
  static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10));

  private final Map<JobState, Counter> ended = new EnumMap<>(JobState.class);
  private final Map<JobState, Timer> durations = new EnumMap<>(JobState.class);
  private final Timer startLatency;

  JobEndMetrics(MeterRegistry registry) {
    for (JobState state : ENDED) {
      ended.put(state, Counter.builder("jobnet.jobs.ended").description("jobs that reached this final state")
          .tag("state", state.name()).register(registry));
      if (state != JobState.SKIPPED) {
        durations.put(state, Timer.builder("jobnet.job.duration")
            .description("from the start marker of the attempt that ended a job to its final state")
            .tag("state", state.name()).serviceLevelObjectives(DURATION_BUCKETS.toArray(Duration[]::new))
            .register(registry));
      }
    }
    startLatency = Timer.builder("jobnet.start.latency")
        .description("from a job becoming ready (its external task created) to its first start marker")
        .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new)).register(registry);
  }

  @Override
  public void onEvent(Event event) {
    Runnable count = switch (event.kind()) {
      case JOB_STARTED -> started(event);
      case JOB_SUCCEEDED, JOB_FAILED, JOB_STOPPED, JOB_SKIPPED -> ended(event);
      default -> null;
    };
    if (count != null) {
      AfterCommit.run("count it for the metrics", count);
    }
  }

  private Runnable started(Event event) {
    return since(event, "readyAt").<Runnable>map(waited -> () -> startLatency.record(waited)).orElse(null);
  }

  private Runnable ended(Event event) {
    if (!NodeKind.JOB.property().equals(event.detail("node"))) {
      return null; // a nested jobnet, a finally block or an expansion
    }
    if (event.kind() == EventKind.JOB_FAILED && !"true".equals(event.detail("final"))) {
      return null; // an attempt failed; the job runs again
    }
    JobState state = stateOf(event.kind());
    Counter counter = ended.get(state);
    Timer duration = durations.get(state);
    Optional<Duration> ran = duration == null ? Optional.empty() : since(event, "startedAt");
    return () -> {
      counter.increment();
      ran.ifPresent(d -> duration.record(d));
    };
  }

  private static JobState stateOf(EventKind kind) {
    return switch (kind) {
      case JOB_SUCCEEDED -> JobState.SUCCEEDED;
      case JOB_FAILED -> JobState.FAILED;
      case JOB_STOPPED -> JobState.STOPPED;
      case JOB_SKIPPED -> JobState.SKIPPED;
      default -> throw new IllegalArgumentException("not the end of a job: " + kind);
    };
  }

  /**
   * From the instant in detail {@code key} to the event; empty without it. Never negative: two nodes'
   * clocks may differ by a little (the task created on one, the marker placed on another).
   */
  private static Optional<Duration> since(Event event, String key) {
    String from = event.detail(key);
    if (from == null) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.between(Instant.parse(from), event.time());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
