package dev.jobnet.engine.deploy.impl;

import java.util.Set;

/**
 * What deployment needs to know of one executable BPMN process.
 *
 * @param key the process id (the root jobnet's id)
 * @param jobnetRoot whether the converter made it: the process has {@code jobnet.kind=root}
 * @param expansions the process keys its call activities name (the roots a jobnet root expands)
 */
public record ProcessInfo(String key, boolean jobnetRoot, Set<String> expansions) {

  public ProcessInfo {
    expansions = Set.copyOf(expansions);
  }
}
