package dev.jobnet.engine.deploy.impl;

import java.util.Optional;

/**
 * The two ways definitions reach the engine, each with its own deployment name and its own rule for
 * "unchanged".
 */
public enum DeploymentKind {

  /**
   * From the folders at start-up. A definition is deployed when its file changed since it was last
   * deployed from the folders: Camunda's duplicate filtering, which compares each resource with the latest
   * resource of the same name in deployments of the same name and tenant. A version deployed since through
   * the API therefore stays the latest until the file itself changes.
   */
  STARTUP("jobnet-definitions"),

  /**
   * Through {@code POST /jobnet-api/deployments}. A root is deployed when its BPMN differs from the latest
   * version of that root, whoever deployed it; an upload equal to it creates no version, and uploading an
   * older version again makes it the latest.
   */
  API("jobnet-api");

  private final String name;

  DeploymentKind(String name) {
    this.name = name;
  }

  /** {@code jobnet-definitions} for shared definitions, {@code jobnet-definitions-<tenant>} for a tenant's. */
  public String deploymentName(Optional<String> tenant) {
    return tenant.map(t -> name + "-" + t).orElse(name);
  }

  /** The deployment's source, as Cockpit shows it. */
  public String source() {
    return name;
  }
}
