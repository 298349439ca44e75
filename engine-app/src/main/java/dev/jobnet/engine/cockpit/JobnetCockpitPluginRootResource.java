package dev.jobnet.engine.cockpit;

import jakarta.ws.rs.Path;
import java.util.List;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;

/**
 * Serves the plugin's scripts under {@code /camunda/api/cockpit/plugin/jobnet/static/app/} (and the
 * diagram viewer under {@code static/lib/}): Camunda
 * serves only the files listed here, so every module of the plugin is named once below.
 */
@Path("plugin/" + JobnetCockpitPlugin.ID)
public class JobnetCockpitPluginRootResource extends AbstractCockpitPluginRootResource {

  /** The modules of the plugin and its style sheet; {@code plugin.js} is the one Cockpit loads. */
  static final List<String> ASSETS = List.of(
      "app/plugin.js",
      "app/plugin.css",
      "app/api.js",
      "app/bpmn-ids.js",
      "app/dialog.js",
      "app/format.js",
      "app/incident-actions.js",
      "app/run-actions.js",
      "app/node-actions.js",
      "app/jobs-tab.js",
      "app/job-log.js",
      "app/jobnets-page.js",
      "app/agents-page.js",
      "app/events-page.js",
      "app/schedules-page.js",
      "app/dashboard.js",
      "app/diagram-states.js",
      "app/run-diagram.js",
      // bpmn-js's viewer, unpacked from its WebJar by the build (engine-app/pom.xml)
      "lib/bpmn-navigated-viewer.production.min.js");

  public JobnetCockpitPluginRootResource() {
    super(JobnetCockpitPlugin.ID);
  }

  @Override
  protected List<String> getAllowedAssets() {
    return ASSETS;
  }
}
