package dev.jobnet.converter.bpmn;

import dev.jobnet.converter.layout.Bounds;
import dev.jobnet.converter.layout.Diagram;
import dev.jobnet.converter.plan.Container;
import dev.jobnet.converter.plan.Flow;
import dev.jobnet.converter.plan.FlowNode;
import dev.jobnet.converter.plan.ProcessPlan;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a process plan and its diagram as BPMN 2.0 XML with Camunda 7 extensions, streaming (no DOM),
 * deterministic (the same jobnet always gives the same bytes, so unchanged jobnets are not deployed
 * again).
 */
public final class BpmnWriter {

  public static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  public static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";
  public static final String DC = "http://www.omg.org/spec/DD/20100524/DC";
  public static final String DI = "http://www.omg.org/spec/DD/20100524/DI";
  public static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  public static final String MODELER = "http://camunda.org/schema/modeler/1.0";
  public static final String EXPORTER = "jobnet converter";
  public static final String EXECUTION_PLATFORM_VERSION = "7.24.0";

  /**
   * Ends the id of a shape or edge: {@code ._} cannot follow an id a job gives (job ids hold no
   * {@code .} and start with a letter), so a job named {@code load_di} cannot meet the shape of
   * {@code load}; one BPMN file holds each id once. The definitions ({@code _definitions.<root>}:
   * Cockpit keys a diagram's zoom by it, so it differs per jobnet), the diagram and its plane start
   * with {@code _}, which job ids never do.
   */
  static final String SHAPE_SUFFIX = "._di";

  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  public void write(ProcessPlan plan, Diagram diagram, Writer out) {
    try {
      XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.setPrefix("bpmn", BPMN);
      w.writeStartElement(BPMN, "definitions");
      w.writeNamespace("bpmn", BPMN);
      w.writeNamespace("bpmndi", BPMNDI);
      w.writeNamespace("dc", DC);
      w.writeNamespace("di", DI);
      w.writeNamespace("camunda", CAMUNDA);
      w.writeNamespace("modeler", MODELER);
      w.writeAttribute("id", "_definitions." + plan.processId());
      w.writeAttribute("targetNamespace", "http://jobnet.dev/bpmn");
      w.writeAttribute("exporter", EXPORTER);
      w.writeAttribute("exporterVersion", "1");
      w.writeAttribute(MODELER, "executionPlatform", "Camunda Platform");
      w.writeAttribute(MODELER, "executionPlatformVersion", EXECUTION_PLATFORM_VERSION);

      nl(w, 1);
      w.writeStartElement(BPMN, "process");
      w.writeAttribute("id", plan.processId());
      w.writeAttribute("name", plan.name());
      w.writeAttribute("isExecutable", "true");
      w.writeAttribute(CAMUNDA, "historyTimeToLive", plan.historyTimeToLive());
      properties(w, plan.properties(), 2);
      container(w, plan.root(), 2);
      nl(w, 1);
      w.writeEndElement();

      nl(w, 1);
      w.writeStartElement(BPMNDI, "BPMNDiagram");
      w.writeAttribute("id", "_diagram");
      nl(w, 2);
      w.writeStartElement(BPMNDI, "BPMNPlane");
      w.writeAttribute("id", "_plane");
      w.writeAttribute("bpmnElement", plan.processId());
      shapes(w, plan.root(), diagram);
      nl(w, 2);
      w.writeEndElement();
      nl(w, 1);
      w.writeEndElement();
      nl(w, 0);
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("could not write the BPMN of " + plan.processId() + ": " + e.getMessage(), e);
    }
  }

  private void container(XMLStreamWriter w, Container c, int depth) throws XMLStreamException {
    for (FlowNode node : c.nodes()) {
      node(w, node, depth);
    }
    List<FlowNode> nodes = c.nodes();
    for (Flow f : c.flows()) {
      nl(w, depth);
      w.writeEmptyElement(BPMN, "sequenceFlow");
      w.writeAttribute("id", f.id());
      w.writeAttribute("sourceRef", nodes.get(f.source()).id());
      w.writeAttribute("targetRef", nodes.get(f.target()).id());
    }
  }

  private void node(XMLStreamWriter w, FlowNode node, int depth) throws XMLStreamException {
    nl(w, depth);
    switch (node.kind()) {
      case START -> {
        w.writeEmptyElement(BPMN, "startEvent");
        w.writeAttribute("id", node.id());
      }
      case END -> {
        w.writeEmptyElement(BPMN, "endEvent");
        w.writeAttribute("id", node.id());
      }
      case SERVICE_TASK -> {
        w.writeStartElement(BPMN, "serviceTask");
        w.writeAttribute("id", node.id());
        name(w, node);
        w.writeAttribute(CAMUNDA, "type", "external");
        w.writeAttribute(CAMUNDA, "topic", node.detail());
        documentation(w, node, depth + 1);
        properties(w, node.properties(), depth + 1);
        nl(w, depth);
        w.writeEndElement();
      }
      case CALL_ACTIVITY -> {
        w.writeStartElement(BPMN, "callActivity");
        w.writeAttribute("id", node.id());
        name(w, node);
        w.writeAttribute("calledElement", node.detail());
        w.writeAttribute(CAMUNDA, "calledElementBinding", "latest");
        nl(w, depth + 1);
        w.writeStartElement(BPMN, "extensionElements");
        property(w, node.properties(), depth + 2);
        nl(w, depth + 2);
        w.writeEmptyElement(CAMUNDA, "in");
        w.writeAttribute("businessKey", "#{execution.processBusinessKey}");
        nl(w, depth + 2);
        w.writeEmptyElement(CAMUNDA, "in");
        w.writeAttribute("variables", "all");
        nl(w, depth + 1);
        w.writeEndElement();
        nl(w, depth);
        w.writeEndElement();
      }
      case SUB_PROCESS -> {
        w.writeStartElement(BPMN, "subProcess");
        w.writeAttribute("id", node.id());
        name(w, node);
        properties(w, node.properties(), depth + 1);
        container(w, node.child(), depth + 1);
        nl(w, depth);
        w.writeEndElement();
      }
      case PARALLEL_FORK -> {
        w.writeEmptyElement(BPMN, "parallelGateway");
        w.writeAttribute("id", node.id());
      }
      case PARALLEL_JOIN -> {
        w.writeEmptyElement(BPMN, "parallelGateway");
        w.writeAttribute("id", node.id());
        w.writeAttribute(CAMUNDA, "asyncBefore", "true");
      }
      default -> throw new IllegalStateException("unknown node kind " + node.kind());
    }
  }

  private static void name(XMLStreamWriter w, FlowNode node) throws XMLStreamException {
    if (node.name() != null) {
      w.writeAttribute("name", node.name());
    }
  }

  private static void documentation(XMLStreamWriter w, FlowNode node, int depth) throws XMLStreamException {
    if (node.documentation() != null) {
      nl(w, depth);
      w.writeStartElement(BPMN, "documentation");
      w.writeCharacters(node.documentation());
      w.writeEndElement();
    }
  }

  private static void properties(XMLStreamWriter w, Map<String, String> props, int depth) throws XMLStreamException {
    if (props.isEmpty()) {
      return;
    }
    nl(w, depth);
    w.writeStartElement(BPMN, "extensionElements");
    property(w, props, depth + 1);
    nl(w, depth);
    w.writeEndElement();
  }

  private static void property(XMLStreamWriter w, Map<String, String> props, int depth) throws XMLStreamException {
    nl(w, depth);
    w.writeStartElement(CAMUNDA, "properties");
    for (Map.Entry<String, String> p : props.entrySet()) {
      nl(w, depth + 1);
      w.writeEmptyElement(CAMUNDA, "property");
      w.writeAttribute("name", p.getKey());
      w.writeAttribute("value", p.getValue());
    }
    nl(w, depth);
    w.writeEndElement();
  }

  private void shapes(XMLStreamWriter w, Container c, Diagram d) throws XMLStreamException {
    for (FlowNode node : c.nodes()) {
      Bounds b = d.shape(node);
      nl(w, 3);
      w.writeStartElement(BPMNDI, "BPMNShape");
      w.writeAttribute("id", node.id() + SHAPE_SUFFIX);
      w.writeAttribute("bpmnElement", node.id());
      if (node.child() != null) {
        w.writeAttribute("isExpanded", "true");
      }
      w.writeEmptyElement(DC, "Bounds");
      w.writeAttribute("x", num(b.x()));
      w.writeAttribute("y", num(b.y()));
      w.writeAttribute("width", num(b.width()));
      w.writeAttribute("height", num(b.height()));
      w.writeEndElement();
    }
    for (Flow f : c.flows()) {
      nl(w, 3);
      w.writeStartElement(BPMNDI, "BPMNEdge");
      w.writeAttribute("id", f.id() + SHAPE_SUFFIX);
      w.writeAttribute("bpmnElement", f.id());
      for (double[] p : d.waypoints(f)) {
        w.writeEmptyElement(DI, "waypoint");
        w.writeAttribute("x", num(p[0]));
        w.writeAttribute("y", num(p[1]));
      }
      w.writeEndElement();
    }
    for (FlowNode node : c.nodes()) {
      if (node.child() != null) {
        shapes(w, node.child(), d);
      }
    }
  }

  private static String num(double v) {
    long r = Math.round(v);
    return Long.toString(r);
  }

  private static void nl(XMLStreamWriter w, int depth) throws XMLStreamException {
    w.writeCharacters("\n" + "  ".repeat(depth));
  }
}
