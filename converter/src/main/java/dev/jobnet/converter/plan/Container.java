package dev.jobnet.converter.plan;

import java.util.List;

/** A process or subprocess: its flow nodes and the flows between them. */
public record Container(String id, List<FlowNode> nodes, List<Flow> flows) {

  public Container {
    nodes = List.copyOf(nodes);
    flows = List.copyOf(flows);
  }

  /** Every node of this container and of the subprocesses inside it. */
  public int deepNodeCount() {
    int n = nodes.size();
    for (FlowNode node : nodes) {
      if (node.child() != null) {
        n += node.child().deepNodeCount();
      }
    }
    return n;
  }
}
