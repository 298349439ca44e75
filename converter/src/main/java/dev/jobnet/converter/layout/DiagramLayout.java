package dev.jobnet.converter.layout;

import dev.jobnet.converter.plan.Container;
import dev.jobnet.converter.plan.Flow;
import dev.jobnet.converter.plan.FlowNode;
import dev.jobnet.converter.plan.NodeKind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.eclipse.elk.alg.layered.LayeredLayoutProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays a process out left to right with Eclipse ELK's layered algorithm and orthogonal edges.
 *
 * <p>Each container is laid out on its own, innermost first: a subprocess becomes a box of the size
 * of its laid-out content in its parent's layout. The cost is so the sum over containers, which keeps
 * large jobnets built of nested jobnets linear, and every container's shapes and edges stay inside it.
 * ELK recurses deeply on long chains: call {@link #layout} on a thread with a large stack (the
 * converter does).
 */
public final class DiagramLayout {

  /** Space inside a subprocess around its content; the top leaves room for its name. */
  public static final double PADDING = 20;
  public static final double SUBPROCESS_LABEL_SPACE = 30;
  public static final double NODE_SPACING = 30;
  public static final double LAYER_SPACING = 50;

  static {
    // Registers ELK's option types (ElkReflect clone support) before any graph is laid out.
    LayoutMetaDataService.getInstance();
  }

  private final LayeredLayoutProvider provider = new LayeredLayoutProvider();

  public Diagram layout(Container root) {
    Relative r = relative(root, false);
    var shapes = new IdentityHashMap<FlowNode, Bounds>();
    var waypoints = new IdentityHashMap<Flow, List<double[]>>();
    place(r, 0, 0, shapes, waypoints);
    return new Diagram(shapes, waypoints, new Bounds(0, 0, r.width, r.height));
  }

  /** A container laid out with coordinates relative to its own top-left corner. */
  private record Relative(Container container, double width, double height, double[] x, double[] y,
      Relative[] children, List<double[]>[] edges) {}

  @SuppressWarnings("unchecked")
  private Relative relative(Container c, boolean subprocess) {
    List<FlowNode> nodes = c.nodes();
    Relative[] children = new Relative[nodes.size()];
    ElkNode graph = ElkGraphUtil.createGraph();
    configure(graph, subprocess);
    ElkNode[] elk = new ElkNode[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      FlowNode node = nodes.get(i);
      elk[i] = ElkGraphUtil.createNode(graph);
      if (node.child() != null) {
        children[i] = relative(node.child(), true);
        elk[i].setDimensions(children[i].width, children[i].height);
      } else {
        NodeKind k = node.kind();
        elk[i].setDimensions(k.width(), k.height());
      }
    }
    List<Flow> flows = c.flows();
    ElkEdge[] edges = new ElkEdge[flows.size()];
    for (int i = 0; i < flows.size(); i++) {
      Flow f = flows.get(i);
      edges[i] = ElkGraphUtil.createSimpleEdge(elk[f.source()], elk[f.target()]);
    }
    provider.layout(graph, new BasicProgressMonitor());

    double[] x = new double[nodes.size()];
    double[] y = new double[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      x[i] = elk[i].getX();
      y[i] = elk[i].getY();
    }
    List<double[]>[] points = new List[flows.size()];
    for (int i = 0; i < flows.size(); i++) {
      List<double[]> pts = new ArrayList<>();
      ElkEdgeSection section = edges[i].getSections().get(0);
      pts.add(new double[] {section.getStartX(), section.getStartY()});
      for (ElkBendPoint b : section.getBendPoints()) {
        pts.add(new double[] {b.getX(), b.getY()});
      }
      pts.add(new double[] {section.getEndX(), section.getEndY()});
      points[i] = pts;
    }
    return new Relative(c, graph.getWidth(), graph.getHeight(), x, y, children, points);
  }

  private static void configure(ElkNode graph, boolean subprocess) {
    graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
    graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    graph.setProperty(CoreOptions.PADDING, subprocess
        ? new ElkPadding(PADDING + SUBPROCESS_LABEL_SPACE, PADDING, PADDING, PADDING)
        : new ElkPadding(PADDING));
    graph.setProperty(CoreOptions.SPACING_NODE_NODE, NODE_SPACING);
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, LAYER_SPACING);
    graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 15.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 10.0);
    graph.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
  }

  private static void place(Relative r, double ox, double oy, IdentityHashMap<FlowNode, Bounds> shapes,
      IdentityHashMap<Flow, List<double[]>> waypoints) {
    List<FlowNode> nodes = r.container.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      FlowNode node = nodes.get(i);
      double ax = ox + r.x[i];
      double ay = oy + r.y[i];
      if (r.children[i] != null) {
        shapes.put(node, new Bounds(ax, ay, r.children[i].width, r.children[i].height));
        place(r.children[i], ax, ay, shapes, waypoints);
      } else {
        shapes.put(node, new Bounds(ax, ay, node.kind().width(), node.kind().height()));
      }
    }
    List<Flow> flows = r.container.flows();
    for (int i = 0; i < flows.size(); i++) {
      List<double[]> abs = new ArrayList<>(r.edges[i].size());
      for (double[] p : r.edges[i]) {
        abs.add(new double[] {ox + p[0], oy + p[1]});
      }
      waypoints.put(flows.get(i), abs);
    }
  }
}
