package dev.jobnet.converter.authored;

import java.util.List;

/**
 * A BPMN file after {@link AuthoredBpmn#check}: what to deploy.
 *
 * @param name the file as findings name it
 * @param content the bytes to deploy: for a file with a jobnet, the BPMN with every jobnet property
 *     derived again from the diagram ({@code docs/bpmn-mapping.md}); any other file unchanged
 * @param processes its executable processes
 */
public record CheckedBpmn(String name, byte[] content, List<BpmnProcess> processes) {

  public CheckedBpmn {
    processes = List.copyOf(processes);
  }

  /** Whether a process of the file is a jobnet. */
  public boolean hasJobnet() {
    return processes.stream().anyMatch(BpmnProcess::jobnet);
  }
}
