package dev.jobnet.engine.deploy.impl;

import dev.jobnet.converter.check.KnownJobnets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The latest version of every process deployed for one tenant (or shared), as read at one moment:
 * what new definitions are validated against.
 *
 * @param tenant the tenant, empty for shared definitions
 * @param latest the latest version per process key
 */
public record DeploymentSnapshot(Optional<String> tenant, Map<String, Latest> latest) {

  public DeploymentSnapshot {
    latest = Map.copyOf(latest);
  }

  /** The latest version of one process key. */
  public record Latest(String definitionId, int version, ProcessInfo process) {}

  public static DeploymentSnapshot empty(Optional<String> tenant) {
    return new DeploymentSnapshot(tenant, Map.of());
  }

  /** The deployed jobnet roots with the roots each expands, for the converter. */
  public KnownJobnets knownJobnets() {
    Map<String, Set<String>> roots = new LinkedHashMap<>();
    latest.forEach((key, l) -> {
      if (l.process().jobnetRoot()) {
        roots.put(key, l.process().expansions());
      }
    });
    return new KnownJobnets(roots);
  }

  /** Whether {@code key} is deployed as a process that the converter did not make. */
  public boolean isOtherProcess(String key) {
    Latest l = latest.get(key);
    return l != null && !l.process().jobnetRoot();
  }

  public Optional<Latest> latest(String key) {
    return Optional.ofNullable(latest.get(key));
  }

  /** True when both name the same latest versions: nothing was deployed for the tenant in between. */
  public boolean sameVersionsAs(DeploymentSnapshot other) {
    if (!tenant.equals(other.tenant) || latest.size() != other.latest.size()) {
      return false;
    }
    for (Map.Entry<String, Latest> e : latest.entrySet()) {
      Latest o = other.latest.get(e.getKey());
      if (o == null || !o.definitionId().equals(e.getValue().definitionId())) {
        return false;
      }
    }
    return true;
  }
}
