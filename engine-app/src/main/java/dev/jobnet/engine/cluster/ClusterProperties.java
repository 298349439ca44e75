package dev.jobnet.engine.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cluster settings, under {@code jobnet.cluster}; from the environment as {@code
 * JOBNET_CLUSTER_WAKE_UP} and {@code JOBNET_CLUSTER_RECONNECT_AFTER}. Documented in {@code
 * docs/cluster.md}.
 *
 * @param wakeUp whether jobs made available on one node wake the agents' long polls on the others:
 *     AUTO (on PostgreSQL; the default) or OFF
 * @param reconnectAfter how long the signal's own database connections wait before connecting again
 *     after losing the database; default 2 s
 */
@ConfigurationProperties("jobnet.cluster")
public record ClusterProperties(
    @DefaultValue("AUTO") WakeUpMode wakeUp,
    @DefaultValue("PT2S") Duration reconnectAfter) {

  public ClusterProperties {
    if (reconnectAfter.isNegative() || reconnectAfter.isZero()) {
      throw new IllegalArgumentException("jobnet.cluster.reconnect-after must be positive, was " + reconnectAfter);
    }
  }
}
