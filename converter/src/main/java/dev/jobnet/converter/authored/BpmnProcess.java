package dev.jobnet.converter.authored;

import dev.jobnet.converter.model.Location;
import java.util.Set;

/**
 * One executable process of a BPMN file.
 *
 * @param key the process id, which starts it (a root jobnet's id)
 * @param jobnet whether it is a jobnet: it has a service task on a {@code jobnet.*} topic, a call
 *     activity, or {@code jobnet.kind=root}; a jobnet is checked and runs with jobnet semantics, other
 *     processes are deployed as they are
 * @param expansions the process keys its call activities name literally
 * @param location where the process element starts
 */
public record BpmnProcess(String key, boolean jobnet, Set<String> expansions, Location location) {

  public BpmnProcess {
    expansions = Set.copyOf(expansions);
  }
}
