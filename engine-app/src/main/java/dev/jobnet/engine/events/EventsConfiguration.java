package dev.jobnet.engine.events;

import dev.jobnet.engine.events.impl.ExternalTaskHistoryEvents;
import dev.jobnet.engine.events.impl.SemanticsEvents;
import dev.jobnet.engine.semantics.SemanticsListener;
import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects the event log to the engine: the jobnet semantics tell it of runs and states
 * ({@link SemanticsEvents}), and a history event handler beside Camunda's own tells it of failed
 * attempts and STUCK jobs ({@link ExternalTaskHistoryEvents}). Both write inside the engine's commands.
 */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

  @Bean
  SemanticsListener semanticsEvents(ObjectProvider<EventLog> log) {
    return new SemanticsEvents(log);
  }

  @Bean
  EventsEnginePlugin eventsEnginePlugin(ObjectProvider<EventLog> log) {
    return new EventsEnginePlugin(new ExternalTaskHistoryEvents(log));
  }

  /** Adds the handler to Camunda's history event handlers, keeping Camunda's own (the history tables). */
  static final class EventsEnginePlugin extends AbstractProcessEnginePlugin {

    private final HistoryEventHandler handler;

    EventsEnginePlugin(HistoryEventHandler handler) {
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
