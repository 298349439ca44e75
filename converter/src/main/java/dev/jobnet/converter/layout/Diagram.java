package dev.jobnet.converter.layout;

import dev.jobnet.converter.plan.Flow;
import dev.jobnet.converter.plan.FlowNode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Where every shape and edge of a process is drawn, in absolute diagram coordinates. */
public final class Diagram {

  private final Map<FlowNode, Bounds> shapes;
  private final Map<Flow, List<double[]>> waypoints;
  private final Bounds extent;

  Diagram(IdentityHashMap<FlowNode, Bounds> shapes, IdentityHashMap<Flow, List<double[]>> waypoints, Bounds extent) {
    this.shapes = shapes;
    this.waypoints = waypoints;
    this.extent = extent;
  }

  public Bounds shape(FlowNode node) {
    Bounds b = shapes.get(node);
    if (b == null) {
      throw new IllegalArgumentException("no shape for " + node.id());
    }
    return b;
  }

  /** The points of an edge, from its source's border to its target's, each {x, y}. */
  public List<double[]> waypoints(Flow flow) {
    List<double[]> w = waypoints.get(flow);
    if (w == null) {
      throw new IllegalArgumentException("no edge for " + flow.id());
    }
    return w;
  }

  /** The rectangle around the whole drawing. */
  public Bounds extent() {
    return extent;
  }
}
