package dev.jobnet.engine.deploy;

import java.util.List;
import java.util.Optional;

/**
 * What one deployment did for one tenant (or for the shared definitions).
 *
 * @param deploymentId the new deployment; empty when every definition was unchanged
 * @param tenant the tenant, empty for shared definitions
 * @param deployed the definitions that became a new version
 * @param unchanged the definitions equal to their latest version, which were not deployed again
 */
public record DeploymentOutcome(
    Optional<String> deploymentId, Optional<String> tenant, List<RootVersion> deployed, List<RootVersion> unchanged) {

  public DeploymentOutcome {
    deployed = List.copyOf(deployed);
    unchanged = List.copyOf(unchanged);
  }
}
