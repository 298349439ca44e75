package dev.jobnet.converter.layout;

import dev.jobnet.converter.plan.Container;
import dev.jobnet.converter.plan.Flow;
import dev.jobnet.converter.plan.FlowNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.elk.alg.layered.LayeredLayoutProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
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
 * large jobnets built of nested jobnets near linear, and every container's shapes and edges stay
 * inside it. Containers of one nesting level are independent and are laid out in parallel.
 *
 * <p>Small containers keep the written order of jobs where the layering allows (ELK's model order),
 * which is what a reader expects; above {@link #MODEL_ORDER_LIMIT} nodes that option costs
 * quadratic time (10 s for 2,000 nodes) and is left off. Containers of more than
 * {@link #LINEAR_LIMIT} nodes are laid out in linear time by {@link LinearLayeredLayout}: ELK's own
 * strategies grow faster than linearly on some shapes (issue 15, docs/benchmarks.md B1).
 */
public final class DiagramLayout {

  /** Space inside a subprocess around its content; the top leaves room for its name. */
  public static final double PADDING = 20;
  public static final double SUBPROCESS_LABEL_SPACE = 30;
  public static final double NODE_SPACING = 30;
  public static final double LAYER_SPACING = 50;
  public static final int MODEL_ORDER_LIMIT = 300;
  /**
   * Containers of more nodes are laid out by {@link LinearLayeredLayout}, in linear time; smaller
   * ones by ELK, whose drawings read better (fewer crossings, flows routed around each other).
   */
  public static final int LINEAR_LIMIT = MODEL_ORDER_LIMIT;
  /** ELK recurses along long chains: layout threads get a large stack. */
  public static final long STACK_BYTES = 1L << 30;

  static {
    // Registers ELK's option types (ElkReflect clone support) before any graph is laid out.
    LayoutMetaDataService.getInstance();
  }

  private final int threads;

  public DiagramLayout() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public DiagramLayout(int threads) {
    this.threads = Math.max(1, threads);
  }

  /** Lays out a process; call it on a thread with a large stack (see {@link #STACK_BYTES}). */
  public Diagram layout(Container root) {
    List<List<Container>> levels = new ArrayList<>();
    collect(root, 0, levels);
    Map<Container, Relative> done = new IdentityHashMap<>();
    ExecutorService pool = null;
    try {
      for (int depth = levels.size() - 1; depth >= 0; depth--) {
        List<Container> level = levels.get(depth);
        boolean subprocess = depth > 0;
        if (level.size() < 4 || threads == 1) {
          LayeredLayoutProvider provider = new LayeredLayoutProvider();
          for (Container c : level) {
            done.put(c, relative(c, subprocess, done, provider));
          }
          continue;
        }
        if (pool == null) {
          pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "jobnet-layout", STACK_BYTES);
            t.setDaemon(true);
            return t;
          });
        }
        List<Future<List<Relative>>> parts = new ArrayList<>();
        int chunk = (level.size() + threads - 1) / threads;
        for (int from = 0; from < level.size(); from += chunk) {
          List<Container> part = level.subList(from, Math.min(level.size(), from + chunk));
          Map<Container, Relative> below = done;
          parts.add(pool.submit(() -> {
            LayeredLayoutProvider provider = new LayeredLayoutProvider();
            List<Relative> out = new ArrayList<>(part.size());
            for (Container c : part) {
              out.add(relative(c, subprocess, below, provider));
            }
            return out;
          }));
        }
        // Workers read the layouts of the level below from the map: write this level only when all
        // of them are done, never while one may still be reading.
        List<Relative> results = new ArrayList<>(level.size());
        for (Future<List<Relative>> part : parts) {
          results.addAll(get(part));
        }
        for (Relative r : results) {
          done.put(r.container, r);
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
    Relative r = done.get(root);
    var shapes = new IdentityHashMap<FlowNode, Bounds>();
    var waypoints = new IdentityHashMap<Flow, List<double[]>>();
    place(r, 0, 0, done, shapes, waypoints);
    return new Diagram(shapes, waypoints, new Bounds(0, 0, r.width, r.height));
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during layout", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("layout failed", e.getCause());
    }
  }

  private static void collect(Container c, int depth, List<List<Container>> levels) {
    if (levels.size() <= depth) {
      levels.add(new ArrayList<>());
    }
    levels.get(depth).add(c);
    for (FlowNode n : c.nodes()) {
      if (n.child() != null) {
        collect(n.child(), depth + 1, levels);
      }
    }
  }

  /** A container laid out with coordinates relative to its own top-left corner. */
  record Relative(Container container, double width, double height, double[] x, double[] y,
      List<double[]>[] edges) {}

  @SuppressWarnings("unchecked")
  private static Relative relative(Container c, boolean subprocess, Map<Container, Relative> laidOut,
      LayeredLayoutProvider provider) {
    if (c.nodes().size() > LINEAR_LIMIT) {
      return LinearLayeredLayout.layout(c, subprocess, laidOut);
    }
    List<FlowNode> nodes = c.nodes();
    ElkNode graph = ElkGraphUtil.createGraph();
    configure(graph, subprocess, nodes.size());
    ElkNode[] elk = new ElkNode[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      FlowNode node = nodes.get(i);
      elk[i] = ElkGraphUtil.createNode(graph);
      elk[i].setDimensions(width(node, laidOut), height(node, laidOut));
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
    return new Relative(c, graph.getWidth(), graph.getHeight(), x, y, points);
  }

  /** The width of a node's shape: a subprocess's laid-out content, else its kind's. */
  static double width(FlowNode node, Map<Container, Relative> laidOut) {
    return node.child() != null ? laidOut.get(node.child()).width : node.kind().width();
  }

  /** The height of a node's shape, as {@link #width}. */
  static double height(FlowNode node, Map<Container, Relative> laidOut) {
    return node.child() != null ? laidOut.get(node.child()).height : node.kind().height();
  }

  private static void configure(ElkNode graph, boolean subprocess, int nodes) {
    graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
    graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    graph.setProperty(CoreOptions.PADDING, subprocess
        ? new ElkPadding(PADDING + SUBPROCESS_LABEL_SPACE, PADDING, PADDING, PADDING)
        : new ElkPadding(PADDING));
    graph.setProperty(CoreOptions.SPACING_NODE_NODE, NODE_SPACING);
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, LAYER_SPACING);
    graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 15.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 10.0);
    if (nodes <= MODEL_ORDER_LIMIT) {
      graph.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
    }

  }

  private static void place(Relative r, double ox, double oy, Map<Container, Relative> laidOut,
      IdentityHashMap<FlowNode, Bounds> shapes, IdentityHashMap<Flow, List<double[]>> waypoints) {
    List<FlowNode> nodes = r.container.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      FlowNode node = nodes.get(i);
      double ax = ox + r.x[i];
      double ay = oy + r.y[i];
      if (node.child() != null) {
        Relative child = laidOut.get(node.child());
        shapes.put(node, new Bounds(ax, ay, child.width, child.height));
        place(child, ax, ay, laidOut, shapes, waypoints);
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
