package dev.jobnet.engine.agents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent registry and the watchdog, under {@code jobnet.agents}; from the environment as
 * {@code JOBNET_AGENTS_OFFLINEAFTER}, {@code JOBNET_AGENTS_WATCHDOGINTERVAL},
 * {@code JOBNET_AGENTS_UNKNOWNSERVERGRACE}. Documented in {@code docs/operations.md}.
 *
 * @param offlineAfter an agent not heard from for longer is OFFLINE and its running jobs STUCK; keep it
 *     below the agents' lock duration (default 30 s) so that a job is STUCK before any other agent could
 *     fetch it, and above a few heartbeat intervals (default 5 s); default 15 s
 * @param watchdogInterval how often the watchdog looks; detection takes at most offlineAfter plus this;
 *     default 2 s
 * @param unknownServerGrace how long a job for a server that no agent has ever served waits before it
 *     fails (time for a freshly started agent to report); default 1 minute
 * @param maxAway the longest an agent restarting with {@code JOBNET_AGENT_STOP=detach} may say it will
 *     be away (its running jobs are not made STUCK meanwhile); a longer wish is cut to this; default 30
 *     minutes ({@code JOBNET_AGENTS_MAX_AWAY})
 */
@ConfigurationProperties("jobnet.agents")
public record AgentsProperties(
    @DefaultValue(DEFAULT_OFFLINE_AFTER) Duration offlineAfter,
    @DefaultValue(DEFAULT_WATCHDOG_INTERVAL) Duration watchdogInterval,
    @DefaultValue(DEFAULT_UNKNOWN_SERVER_GRACE) Duration unknownServerGrace,
    @DefaultValue(DEFAULT_MAX_AWAY) Duration maxAway) {

  public static final String DEFAULT_OFFLINE_AFTER = "PT15S";
  public static final String DEFAULT_WATCHDOG_INTERVAL = "PT2S";
  public static final String DEFAULT_UNKNOWN_SERVER_GRACE = "PT1M";
  public static final String DEFAULT_MAX_AWAY = "PT30M";

  public AgentsProperties {
    requirePositive("offline-after", offlineAfter);
    requirePositive("watchdog-interval", watchdogInterval);
    requirePositive("max-away", maxAway);
    if (unknownServerGrace.isNegative()) {
      throw new IllegalArgumentException("jobnet.agents.unknown-server-grace must not be negative, was "
          + unknownServerGrace);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("jobnet.agents." + name + " must be positive, was " + d);
    }
  }
}
