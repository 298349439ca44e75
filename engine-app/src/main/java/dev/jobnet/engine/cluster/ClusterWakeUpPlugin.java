package dev.jobnet.engine.cluster;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * An engine plugin (the Camunda starter picks up plugin beans) that puts {@link
 * NotifyingExternalTaskManager} in place of Camunda's external task manager: a custom session
 * factory of the same session type replaces the default one.
 */
public final class ClusterWakeUpPlugin extends AbstractProcessEnginePlugin {

  private final ClusterSignal signal;

  public ClusterWakeUpPlugin(ClusterSignal signal) {
    this.signal = signal;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomSessionFactories() == null) {
      configuration.setCustomSessionFactories(new ArrayList<>());
    }
    configuration.getCustomSessionFactories().add(new NotifyingExternalTaskManager.Factory(signal));
  }
}
