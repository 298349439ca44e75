package dev.jobnet.engine.cockpit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every file the plugin's root resource serves is in the build: the plugin's modules, and the diagram
 * viewer the build unpacks from bpmn-js's WebJar (a file missing here is a blank diagram in Cockpit).
 */
class PluginAssetsTest {

  @Test
  void everyServedAssetIsOnTheClasspath() {
    JobnetCockpitPlugin plugin = new JobnetCockpitPlugin();
    for (String asset : JobnetCockpitPluginRootResource.ASSETS) {
      assertThat(getClass().getClassLoader().getResource(plugin.getAssetDirectory() + "/" + asset))
          .as(asset + " in " + plugin.getAssetDirectory()).isNotNull();
    }
  }
}
