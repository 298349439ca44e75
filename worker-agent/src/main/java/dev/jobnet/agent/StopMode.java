package dev.jobnet.agent;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an agent does with its running jobs when asked to stop (SIGTERM), {@code JOBNET_AGENT_STOP}.
 */
public enum StopMode {
  /** No new jobs; running jobs get the stop grace, then are stopped and reported as failed attempts. */
  DRAIN,
  /**
   * For a restart (an upgrade): no new jobs; running jobs' processes go on, their locks are extended and
   * the engine is told the agent is away for {@code JOBNET_AGENT_DETACH_FOR}; the next agent of the same
   * name and work directory takes them back from the journal and reports their outcomes.
   */
  DETACH;

  /** Reads {@code drain} or {@code detach} (any case); throws naming the choices. */
  public static StopMode parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be one of " + Arrays.stream(values())
          .map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", not '" + value + "'");
    }
  }
}
