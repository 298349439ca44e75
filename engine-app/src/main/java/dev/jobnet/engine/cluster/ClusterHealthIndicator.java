package dev.jobnet.engine.cluster;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code clusterWakeUp} in {@code /actuator/health} (administrators and the monitoring user see the
 * components): on PostgreSQL, UP while this node listens to the other nodes' signals, DOWN while it
 * cannot (their jobs then reach the agents here only at the long polls' timeout); UP on one node.
 * Not part of the readiness probe: a node that does not hear the others still serves.
 */
final class ClusterHealthIndicator implements HealthIndicator {

  private final ClusterSignal signal;

  ClusterHealthIndicator(ClusterSignal signal) {
    this.signal = signal;
  }

  @Override
  public Health health() {
    if (!(signal instanceof PostgresClusterSignal cluster)) {
      return Health.up().withDetail("wakeUp", "off: one node (the embedded database, or JOBNET_CLUSTER_WAKE_UP=OFF)")
          .build();
    }
    Health.Builder health = cluster.listening() ? Health.up() : Health.down();
    return health.withDetail("wakeUp", "PostgreSQL channel " + PostgresClusterSignal.CHANNEL)
        .withDetail("node", cluster.nodeId()).withDetail("listening", cluster.listening()).build();
  }
}
