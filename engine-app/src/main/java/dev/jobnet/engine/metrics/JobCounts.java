package dev.jobnet.engine.metrics;

/**
 * The jobs of one server now, by what the engine's external task says: PENDING (no agent holds it),
 * RUNNING (locked by an agent: fetched or started) or STUCK (no retries left: a {@code
 * failedExternalTask} incident).
 */
public record JobCounts(long pending, long running, long stuck) {

  public static final JobCounts NONE = new JobCounts(0, 0, 0);

  /** The count of a state of {@link JobGaugeState}. */
  public long of(JobGaugeState state) {
    return switch (state) {
      case PENDING -> pending;
      case RUNNING -> running;
      case STUCK -> stuck;
    };
  }
}
