package dev.jobnet.engine.jobs;

import dev.jobnet.engine.config.HistoryEventHandlerPlugin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects {@link StuckIncidentDetails} to the engine: a history event handler beside Camunda's own
 * (the Camunda starter picks up plugin beans), so that every STUCK incident's error details name the
 * job's command, the agent, the attempt and the end of its stderr.
 */
@Configuration(proxyBeanMethods = false)
class StuckDetailsConfiguration {

  @Bean
  HistoryEventHandlerPlugin stuckDetailsEnginePlugin(ObjectProvider<StuckDetails> details,
      ObjectProvider<StartMarkerStore> markers) {
    return new HistoryEventHandlerPlugin(new StuckIncidentDetails(details, markers));
  }
}
