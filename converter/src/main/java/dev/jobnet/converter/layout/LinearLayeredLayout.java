package dev.jobnet.converter.layout;

import dev.jobnet.converter.plan.Container;
import dev.jobnet.converter.plan.Flow;
import dev.jobnet.converter.plan.FlowNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A layered layout, left to right, in time linear in the nodes and flows of a container (plus the
 * sorting of each layer), for containers too large for ELK's layered algorithm, whose crossing
 * minimisation, network-simplex layering and orthogonal routing grow faster than that (a 10,000-job
 * jobnet of 50 chains with cross links took 30 s; 10,000 jobs joining into one, 60 s and 4.7 GB).
 *
 * <ul>
 *   <li>Layers: the longest path from a start (a jobnet's flows are acyclic).
 *   <li>Order in a layer: by the mean position of a node's predecessors, then by written order, in
 *       one sweep; nodes of a layer are stacked top to bottom in a column, centred in it.
 *   <li>Flows between neighbouring layers go right from the source, turn in the channel between the
 *       two columns and go right into the target. A flow that skips layers goes down its source's
 *       channel to a lane below every column, along it, and up the channel before its target; lanes
 *       are shared by flows whose spans do not meet (interval partitioning). No flow crosses a shape:
 *       channels and lanes hold none, and a column's shapes never share a height.
 * </ul>
 */
final class LinearLayeredLayout {

  /** Distance between two lanes of flows that skip layers. */
  static final double LANE_SPACING = 20;

  private LinearLayeredLayout() {}

  static DiagramLayout.Relative layout(Container c, boolean subprocess, Map<Container, DiagramLayout.Relative> laidOut) {
    List<FlowNode> nodes = c.nodes();
    List<Flow> flows = c.flows();
    int n = nodes.size();
    double[] w = new double[n];
    double[] h = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = DiagramLayout.width(nodes.get(i), laidOut);
      h[i] = DiagramLayout.height(nodes.get(i), laidOut);
    }
    // successors and predecessors as arrays (compressed rows)
    int m = flows.size();
    int[] outStart = new int[n + 1];
    int[] inStart = new int[n + 1];
    for (Flow f : flows) {
      outStart[f.source() + 1]++;
      inStart[f.target() + 1]++;
    }
    for (int i = 0; i < n; i++) {
      outStart[i + 1] += outStart[i];
      inStart[i + 1] += inStart[i];
    }
    int[] out = new int[m];
    int[] in = new int[m];
    int[] outFill = Arrays.copyOf(outStart, n);
    int[] inFill = Arrays.copyOf(inStart, n);
    for (Flow f : flows) {
      out[outFill[f.source()]++] = f.target();
      in[inFill[f.target()]++] = f.source();
    }

    // layers: longest path, in topological order (Kahn, written order among the ready)
    int[] layer = new int[n];
    int[] missing = new int[n];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) {
      missing[i] = inStart[i + 1] - inStart[i];
      if (missing[i] == 0) {
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int v = queue[head++];
      for (int k = outStart[v]; k < outStart[v + 1]; k++) {
        int s = out[k];
        layer[s] = Math.max(layer[s], layer[v] + 1);
        if (--missing[s] == 0) {
          queue[tail++] = s;
        }
      }
    }
    if (tail != n) {
      throw new IllegalStateException("the flows of container " + c.id() + " form a cycle; it cannot be laid out");
    }
    int layers = 0;
    for (int i = 0; i < n; i++) {
      layers = Math.max(layers, layer[i] + 1);
    }
    int[] layerStart = new int[layers + 1];
    for (int i = 0; i < n; i++) {
      layerStart[layer[i] + 1]++;
    }
    for (int l = 0; l < layers; l++) {
      layerStart[l + 1] += layerStart[l];
    }
    Integer[] order = new Integer[n];
    int[] fill = Arrays.copyOf(layerStart, layers);
    for (int i = 0; i < n; i++) {
      order[fill[layer[i]]++] = i;
    }

    // order in each layer: mean position of the predecessors (already placed), then written order
    double[] rank = new double[n];
    double[] key = new double[n];
    for (int l = 0; l < layers; l++) {
      for (int k = layerStart[l]; k < layerStart[l + 1]; k++) {
        int v = order[k];
        int preds = inStart[v + 1] - inStart[v];
        if (preds == 0) {
          key[v] = -1;
        } else {
          double sum = 0;
          for (int p = inStart[v]; p < inStart[v + 1]; p++) {
            sum += rank[in[p]];
          }
          key[v] = sum / preds;
        }
      }
      Arrays.sort(order, layerStart[l], layerStart[l + 1],
          Comparator.<Integer>comparingDouble(v -> key[v]).thenComparingInt(v -> v));
      for (int k = layerStart[l]; k < layerStart[l + 1]; k++) {
        rank[order[k]] = k - layerStart[l];
      }
    }

    // columns, and each node stacked in its column
    double top = subprocess ? DiagramLayout.PADDING + DiagramLayout.SUBPROCESS_LABEL_SPACE : DiagramLayout.PADDING;
    double[] colX = new double[layers];
    double[] colWidth = new double[layers];
    double[] x = new double[n];
    double[] y = new double[n];
    double bottom = top;
    double cursorX = DiagramLayout.PADDING;
    for (int l = 0; l < layers; l++) {
      double width = 0;
      for (int k = layerStart[l]; k < layerStart[l + 1]; k++) {
        width = Math.max(width, w[order[k]]);
      }
      colX[l] = cursorX;
      colWidth[l] = width;
      double cursorY = top;
      for (int k = layerStart[l]; k < layerStart[l + 1]; k++) {
        int v = order[k];
        x[v] = cursorX + (width - w[v]) / 2;
        y[v] = cursorY;
        cursorY += h[v] + DiagramLayout.NODE_SPACING;
      }
      bottom = Math.max(bottom, cursorY - DiagramLayout.NODE_SPACING);
      cursorX += width + DiagramLayout.LAYER_SPACING;
    }
    double right = cursorX - DiagramLayout.LAYER_SPACING;

    // lanes for the flows that skip layers: interval partitioning by the channels they run along
    int[] lane = new int[m];
    List<Integer> skipping = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      Flow f = flows.get(i);
      if (layer[f.target()] - layer[f.source()] > 1) {
        skipping.add(i);
      }
    }
    skipping.sort(Comparator.<Integer>comparingInt(i -> layer[flows.get(i).source()]).thenComparingInt(i -> i));
    PriorityQueue<int[]> busy = new PriorityQueue<>(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1]));
    PriorityQueue<Integer> free = new PriorityQueue<>();
    int lanes = 0;
    for (int i : skipping) {
      int first = layer[flows.get(i).source()];
      int last = layer[flows.get(i).target()] - 1; // the channel before the target
      while (!busy.isEmpty() && busy.peek()[0] < first) {
        free.add(busy.poll()[1]);
      }
      int l = free.isEmpty() ? lanes++ : free.poll();
      lane[i] = l;
      busy.add(new int[] {last, l});
    }

    @SuppressWarnings("unchecked")
    List<double[]>[] edges = new List[m];
    for (int i = 0; i < m; i++) {
      Flow f = flows.get(i);
      int u = f.source();
      int v = f.target();
      double sx = x[u] + w[u];
      double sy = y[u] + h[u] / 2;
      double ex = x[v];
      double ey = y[v] + h[v] / 2;
      double afterSource = colX[layer[u]] + colWidth[layer[u]] + DiagramLayout.LAYER_SPACING / 2;
      List<double[]> pts = new ArrayList<>(6);
      pts.add(new double[] {sx, sy});
      if (layer[v] - layer[u] == 1) {
        if (sy != ey) {
          pts.add(new double[] {afterSource, sy});
          pts.add(new double[] {afterSource, ey});
        }
      } else {
        double laneY = bottom + (lane[i] + 1) * LANE_SPACING;
        double beforeTarget = colX[layer[v]] - DiagramLayout.LAYER_SPACING / 2;
        pts.add(new double[] {afterSource, sy});
        pts.add(new double[] {afterSource, laneY});
        pts.add(new double[] {beforeTarget, laneY});
        pts.add(new double[] {beforeTarget, ey});
      }
      pts.add(new double[] {ex, ey});
      edges[i] = pts;
    }
    double height = bottom + lanes * LANE_SPACING + DiagramLayout.PADDING;
    return new DiagramLayout.Relative(c, right + DiagramLayout.PADDING, height, x, y, edges);
  }
}
