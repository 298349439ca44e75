package dev.jobnet.engine.cluster;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster signal this node uses ({@link PostgresClusterSignal} on PostgreSQL unless {@code
 * jobnet.cluster.wake-up=OFF}; none on H2), the engine plugin that sends it, and its health.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  @Bean
  ClusterSignal clusterSignal(DataSourceProperties dataSource, ClusterProperties properties) {
    String url = dataSource.determineUrl();
    if (!properties.wakeUp().appliesTo(url)) {
      return ClusterSignal.SINGLE_NODE;
    }
    return new PostgresClusterSignal(url, dataSource.determineUsername(), dataSource.determinePassword(),
        properties.reconnectAfter());
  }

  @Bean
  ClusterWakeUpPlugin clusterWakeUpPlugin(ClusterSignal signal) {
    return new ClusterWakeUpPlugin(signal);
  }

  /** {@code clusterWakeUp} in {@code /actuator/health}. */
  @Bean
  HealthIndicator clusterWakeUpHealthIndicator(ClusterSignal signal) {
    return new ClusterHealthIndicator(signal);
  }
}
