package dev.jobnet.engine.events;

import dev.jobnet.engine.bpmn.JobPaths;
import dev.jobnet.engine.cluster.ClusterSignal;
import dev.jobnet.engine.config.HistoryEventHandlerPlugin;
import dev.jobnet.engine.events.impl.ExternalTaskHistoryEvents;
import dev.jobnet.engine.events.impl.SemanticsEvents;
import dev.jobnet.engine.semantics.SemanticsListener;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Connects the event log to the engine: the jobnet semantics tell it of runs and states
 * ({@link SemanticsEvents}), and a history event handler beside Camunda's own tells it of failed
 * attempts and STUCK jobs ({@link ExternalTaskHistoryEvents}). Both write inside the engine's commands.
 */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

  @Bean
  SemanticsListener semanticsEvents(ObjectProvider<EventLog> log, ObjectProvider<JobStarts> markers,
      ObjectProvider<JobPaths> paths) {
    return new SemanticsEvents(once(log), once(markers), once(paths));
  }

  @Bean
  HistoryEventHandlerPlugin eventsEnginePlugin(ObjectProvider<EventLog> log,
      ObjectProvider<JobStarts> markers, ObjectProvider<JobPaths> paths, ClusterSignal cluster) {
    return new HistoryEventHandlerPlugin(new ExternalTaskHistoryEvents(once(log), once(markers), once(paths), cluster));
  }

  /**
   * The bean, looked up at its first use (the engine is built before the beans it calls), then kept:
   * a look-up in the bean factory at each event cost about half a percent of the engine's CPU in B5.
   */
  private static <T> Supplier<T> once(ObjectProvider<T> provider) {
    return SingletonSupplier.of(provider::getObject);
  }
}
