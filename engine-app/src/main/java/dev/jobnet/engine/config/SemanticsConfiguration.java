package dev.jobnet.engine.config;

import dev.jobnet.engine.semantics.JobnetSemanticsPlugin;
import dev.jobnet.engine.semantics.NodeStateStore;
import dev.jobnet.engine.semantics.RunControl;
import dev.jobnet.engine.semantics.SemanticsListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the jobnet semantics with the engine (the Camunda starter picks up plugin beans), telling
 * the event log ({@code events}) of runs and states, and offers the plugin's state store to the features
 * that record states themselves (an operator's force-stop, hold, release and skip), so they tell the same listener.
 */
@Configuration(proxyBeanMethods = false)
class SemanticsConfiguration {

  @Bean
  JobnetSemanticsPlugin jobnetSemanticsPlugin(JobnetProperties properties, ObjectProvider<SemanticsListener> listener) {
    return new JobnetSemanticsPlugin(properties.history().days(), listener.getIfAvailable(() -> SemanticsListener.NONE));
  }

  @Bean
  NodeStateStore nodeStateStore(JobnetSemanticsPlugin plugin) {
    return plugin.store();
  }

  /** An operator's hold, release and skip, on the same store. */
  @Bean
  RunControl runControl(NodeStateStore store) {
    return new RunControl(store);
  }
}
