package dev.jobnet.converter.diagram;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads a BPMN file as Cockpit and Modeler do (semantic part and BPMN DI) and lists every drawing
 * problem a reader would see: elements without a shape or edge, overlapping shapes, shapes outside
 * their subprocess, edges through shapes, edges that do not touch their ends.
 */
public final class BpmnDiagramCheck {

  static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";
  static final String DC = "http://www.omg.org/spec/DD/20100524/DC";
  static final String DI = "http://www.omg.org/spec/DD/20100524/DI";
  static final Set<String> NOT_FLOW_NODES = Set.of("sequenceFlow", "extensionElements", "documentation",
      "incoming", "outgoing", "timerEventDefinition", "textAnnotation", "association");
  static final double TOUCH_TOLERANCE = 2.0;

  record Box(String id, double x, double y, double w, double h) {
    double maxX() {
      return x + w;
    }

    double maxY() {
      return y + h;
    }

    boolean overlaps(Box o) {
      return x < o.maxX() && o.x < maxX() && y < o.maxY() && o.y < maxY();
    }

    boolean contains(Box o) {
      return o.x >= x && o.y >= y && o.maxX() <= maxX() && o.maxY() <= maxY();
    }

    boolean touches(double px, double py) {
      return px >= x - TOUCH_TOLERANCE && px <= maxX() + TOUCH_TOLERANCE && py >= y - TOUCH_TOLERANCE
          && py <= maxY() + TOUCH_TOLERANCE;
    }

    /** Whether the segment passes through the inside of this box (shrunk by one pixel). */
    boolean crossedBy(double x1, double y1, double x2, double y2) {
      double minX = x + 1;
      double minY = y + 1;
      double mX = maxX() - 1;
      double mY = maxY() - 1;
      double dx = x2 - x1;
      double dy = y2 - y1;
      double t0 = 0;
      double t1 = 1;
      double[] p = {-dx, dx, -dy, dy};
      double[] q = {x1 - minX, mX - x1, y1 - minY, mY - y1};
      for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
          if (q[i] <= 0) {
            return false;
          }
        } else {
          double r = q[i] / p[i];
          if (p[i] < 0) {
            t0 = Math.max(t0, r);
          } else {
            t1 = Math.min(t1, r);
          }
          if (t0 >= t1) {
            return false;
          }
        }
      }
      return true;
    }
  }

  record FlowRef(String id, String container, String source, String target) {}

  /** What the check saw, for assertions and messages. */
  public record Report(int shapes, int edges, List<String> problems) {
    public boolean isClean() {
      return problems.isEmpty();
    }
  }

  private final Map<String, String> containerOf = new LinkedHashMap<>();
  private final Map<String, List<String>> children = new LinkedHashMap<>();
  private final List<FlowRef> flows = new ArrayList<>();
  private final Map<String, Box> shapes = new HashMap<>();
  private final Map<String, List<double[]>> edges = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  public static Report check(String bpmnXml) {
    return new BpmnDiagramCheck().run(bpmnXml);
  }

  private Report run(String xml) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
    }
    NodeList processes = doc.getElementsByTagNameNS(BPMN, "process");
    for (int i = 0; i < processes.getLength(); i++) {
      Element p = (Element) processes.item(i);
      semantic(p, p.getAttribute("id"));
    }
    NodeList shapeList = doc.getElementsByTagNameNS(BPMNDI, "BPMNShape");
    for (int i = 0; i < shapeList.getLength(); i++) {
      Element s = (Element) shapeList.item(i);
      Element b = (Element) s.getElementsByTagNameNS(DC, "Bounds").item(0);
      String id = s.getAttribute("bpmnElement");
      shapes.put(id, new Box(id, d(b, "x"), d(b, "y"), d(b, "width"), d(b, "height")));
    }
    NodeList edgeList = doc.getElementsByTagNameNS(BPMNDI, "BPMNEdge");
    for (int i = 0; i < edgeList.getLength(); i++) {
      Element e = (Element) edgeList.item(i);
      NodeList wps = e.getElementsByTagNameNS(DI, "waypoint");
      List<double[]> pts = new ArrayList<>();
      for (int j = 0; j < wps.getLength(); j++) {
        Element w = (Element) wps.item(j);
        pts.add(new double[] {d(w, "x"), d(w, "y")});
      }
      edges.put(e.getAttribute("bpmnElement"), pts);
    }
    checkCompleteness();
    children.forEach(this::checkContainer);
    checkEdges();
    return new Report(shapes.size(), edges.size(), List.copyOf(problems));
  }

  private void semantic(Element container, String containerId) {
    children.computeIfAbsent(containerId, k -> new ArrayList<>());
    for (Node n = container.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e) || !BPMN.equals(e.getNamespaceURI())) {
        continue;
      }
      String local = e.getLocalName();
      if (local.equals("sequenceFlow")) {
        flows.add(new FlowRef(e.getAttribute("id"), containerId, e.getAttribute("sourceRef"),
            e.getAttribute("targetRef")));
      } else if (!NOT_FLOW_NODES.contains(local)) {
        String id = e.getAttribute("id");
        containerOf.put(id, containerId);
        children.get(containerId).add(id);
        if (local.equals("subProcess")) {
          semantic(e, id);
        }
      }
    }
  }

  private void checkCompleteness() {
    containerOf.keySet().stream().filter(id -> !shapes.containsKey(id))
        .forEach(id -> problems.add("no shape for " + id));
    flows.stream().filter(f -> !edges.containsKey(f.id())).forEach(f -> problems.add("no edge for " + f.id()));
    flows.stream().filter(f -> edges.containsKey(f.id()) && edges.get(f.id()).size() < 2)
        .forEach(f -> problems.add("edge " + f.id() + " has fewer than 2 waypoints"));
  }

  private void checkContainer(String containerId, List<String> ids) {
    Box parent = shapes.get(containerId);
    List<Box> boxes = ids.stream().map(shapes::get).filter(b -> b != null)
        .sorted(Comparator.comparingDouble(Box::x)).toList();
    for (int i = 0; i < boxes.size(); i++) {
      Box a = boxes.get(i);
      if (parent != null && !parent.contains(a)) {
        problems.add("shape " + a.id() + " sticks out of its subprocess " + containerId);
      }
      for (int j = i + 1; j < boxes.size() && boxes.get(j).x() < a.maxX(); j++) {
        if (a.overlaps(boxes.get(j))) {
          problems.add("shapes overlap: " + a.id() + " and " + boxes.get(j).id());
        }
      }
    }
  }

  private void checkEdges() {
    Map<String, List<Box>> byContainer = new HashMap<>();
    children.forEach((c, ids) -> byContainer.put(c, ids.stream().map(shapes::get).filter(b -> b != null)
        .sorted(Comparator.comparingDouble(Box::x)).toList()));
    for (FlowRef f : flows) {
      List<double[]> pts = edges.get(f.id());
      if (pts == null || pts.size() < 2) {
        continue;
      }
      Box source = shapes.get(f.source());
      Box target = shapes.get(f.target());
      double[] first = pts.get(0);
      double[] last = pts.get(pts.size() - 1);
      if (source != null && !source.touches(first[0], first[1])) {
        problems.add("edge " + f.id() + " does not start at its source " + f.source());
      }
      if (target != null && !target.touches(last[0], last[1])) {
        problems.add("edge " + f.id() + " does not end at its target " + f.target());
      }
      Box parent = shapes.get(f.container());
      List<Box> boxes = byContainer.get(f.container());
      for (int i = 1; i < pts.size(); i++) {
        double[] a = pts.get(i - 1);
        double[] b = pts.get(i);
        if (parent != null && (!parent.touches(a[0], a[1]) || !parent.touches(b[0], b[1]))) {
          problems.add("edge " + f.id() + " leaves its subprocess " + f.container());
        }
        double minX = Math.min(a[0], b[0]);
        double maxX = Math.max(a[0], b[0]);
        for (Box box : boxes) {
          if (box.x() > maxX) {
            break;
          }
          if (box.maxX() < minX || box.id().equals(f.source()) || box.id().equals(f.target())) {
            continue;
          }
          if (box.crossedBy(a[0], a[1], b[0], b[1])) {
            problems.add("edge " + f.id() + " (" + f.source() + " -> " + f.target() + ") runs through " + box.id());
          }
        }
      }
    }
  }

  private static double d(Element e, String attr) {
    return Double.parseDouble(e.getAttribute(attr));
  }
}
