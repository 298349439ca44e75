package dev.jobnet.engine.config;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;

/**
 * An engine plugin (the Camunda starter picks up plugin beans) that adds one history event handler
 * beside Camunda's own, which keeps writing the history tables: how the event log and the STUCK
 * incidents' details hear of what the engine does.
 */
public final class HistoryEventHandlerPlugin extends AbstractProcessEnginePlugin {

  private final HistoryEventHandler handler;

  public HistoryEventHandlerPlugin(HistoryEventHandler handler) {
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
