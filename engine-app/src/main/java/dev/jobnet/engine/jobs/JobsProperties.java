package dev.jobnet.engine.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The agents' API, under {@code jobnet.jobs}; from the environment as {@code JOBNET_JOBS_OUTPUTCAP},
 * {@code JOBNET_JOBS_MAXOUTPUTREQUEST}, {@code JOBNET_JOBS_RETURNEDLOCKDURATION} (Spring Boot's
 * relaxed binding). Documented in {@code docs/agent-protocol.md}.
 *
 * @param outputCap what is kept of one stream (stdout or stderr) of one attempt: the first half as
 *     the head, the last half as a rolling tail; default 8 MB (MiB)
 * @param maxOutputRequest the largest body one output request may carry (413 above); default 4 MB (MiB)
 * @param returnedLockDuration the lock the re-delivery guard gives back to the agent that started
 *     the job, so that its heartbeats ({@code extendLock}) go on; default 10 minutes
 */
@ConfigurationProperties("jobnet.jobs")
public record JobsProperties(
    @DefaultValue(DEFAULT_OUTPUT_CAP) DataSize outputCap,
    @DefaultValue(DEFAULT_MAX_OUTPUT_REQUEST) DataSize maxOutputRequest,
    @DefaultValue(DEFAULT_RETURNED_LOCK_DURATION) Duration returnedLockDuration) {

  public static final String DEFAULT_OUTPUT_CAP = "8MB";
  public static final String DEFAULT_MAX_OUTPUT_REQUEST = "4MB";
  public static final String DEFAULT_RETURNED_LOCK_DURATION = "PT10M";

  public JobsProperties {
    if (outputCap.toBytes() < 2) {
      throw new IllegalArgumentException("jobnet.jobs.output-cap must be at least 2 bytes (a head and a tail), was "
          + outputCap);
    }
    if (maxOutputRequest.toBytes() < 1 || maxOutputRequest.toBytes() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("jobnet.jobs.max-output-request must be between 1 byte and 2 GB, was "
          + maxOutputRequest);
    }
    if (returnedLockDuration.isNegative() || returnedLockDuration.isZero()) {
      throw new IllegalArgumentException("jobnet.jobs.returned-lock-duration must be positive, was "
          + returnedLockDuration);
    }
  }
}
