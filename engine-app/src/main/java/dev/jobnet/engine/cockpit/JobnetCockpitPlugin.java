package dev.jobnet.engine.cockpit;

import java.util.Set;
import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * The jobnet plugin of Cockpit, found by Camunda through {@code META-INF/services}: its scripts
 * ({@code plugin-webapp/jobnet/app/*.js}, ES modules) add the jobnet actions to incidents and runs,
 * a Jobs tab with the job log, and the Jobnets and Agents pages. They call {@code /jobnet-api} with
 * the operator's Cockpit log-in.
 */
public class JobnetCockpitPlugin extends AbstractCockpitPlugin {

  public static final String ID = "jobnet";

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Set<Class<?>> getResourceClasses() {
    return Set.of(JobnetCockpitPluginRootResource.class);
  }
}
