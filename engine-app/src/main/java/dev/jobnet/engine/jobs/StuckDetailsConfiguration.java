package dev.jobnet.engine.jobs;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
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
  StuckDetailsEnginePlugin stuckDetailsEnginePlugin(ObjectProvider<StuckDetails> details) {
    return new StuckDetailsEnginePlugin(new StuckIncidentDetails(details));
  }

  /** Adds the handler to the engine's history event handlers, keeping Camunda's (the history tables). */
  static final class StuckDetailsEnginePlugin extends AbstractProcessEnginePlugin {

    private final StuckIncidentDetails handler;

    StuckDetailsEnginePlugin(StuckIncidentDetails handler) {
      this.handler = handler;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
      if (configuration.getCustomHistoryEventHandlers() == null) {
        configuration.setCustomHistoryEventHandlers(new ArrayList<>());
      }
      configuration.getCustomHistoryEventHandlers().add(handler);
    }
  }
}
