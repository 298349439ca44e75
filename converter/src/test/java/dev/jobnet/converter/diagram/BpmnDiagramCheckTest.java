package dev.jobnet.converter.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The check itself finds what it is meant to find, so a clean report means something. */
class BpmnDiagramCheckTest {

  private static String bpmn(String shapes, String edges) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
            id="d" targetNamespace="t">
          <bpmn:process id="p" isExecutable="true">
            <bpmn:serviceTask id="a"/>
            <bpmn:serviceTask id="b"/>
            <bpmn:serviceTask id="c"/>
            <bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="c"/>
          </bpmn:process>
          <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="pl" bpmnElement="p">
          %s
          %s
          </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """.formatted(shapes, edges);
  }

  private static String shape(String id, int x, int y) {
    return "<bpmndi:BPMNShape id=\"" + id + "_di\" bpmnElement=\"" + id + "\"><dc:Bounds x=\"" + x + "\" y=\"" + y
        + "\" width=\"100\" height=\"80\"/></bpmndi:BPMNShape>";
  }

  private static String edge(int... xy) {
    StringBuilder sb = new StringBuilder("<bpmndi:BPMNEdge id=\"f1_di\" bpmnElement=\"f1\">");
    for (int i = 0; i < xy.length; i += 2) {
      sb.append("<di:waypoint x=\"").append(xy[i]).append("\" y=\"").append(xy[i + 1]).append("\"/>");
    }
    return sb.append("</bpmndi:BPMNEdge>").toString();
  }

  @Test
  void cleanDrawingHasNoProblems() {
    String xml = bpmn(shape("a", 0, 0) + shape("b", 150, 200) + shape("c", 300, 0), edge(100, 40, 300, 40));
    assertThat(BpmnDiagramCheck.check(xml).problems()).isEmpty();
  }

  @Test
  void findsOverlappingShapes() {
    String xml = bpmn(shape("a", 0, 0) + shape("b", 50, 40) + shape("c", 300, 0), edge(100, 40, 300, 40));
    assertThat(BpmnDiagramCheck.check(xml).problems()).containsExactly("shapes overlap: a and b");
  }

  @Test
  void findsAnEdgeThroughAShape() {
    String xml = bpmn(shape("a", 0, 0) + shape("b", 150, 0) + shape("c", 300, 0), edge(100, 40, 300, 40));
    assertThat(BpmnDiagramCheck.check(xml).problems()).containsExactly("edge f1 (a -> c) runs through b");
  }

  @Test
  void findsMissingShapesAndDetachedEdges() {
    String xml = bpmn(shape("a", 0, 0) + shape("c", 300, 0), edge(100, 140, 300, 40));
    assertThat(BpmnDiagramCheck.check(xml).problems())
        .containsExactlyInAnyOrder("no shape for b", "edge f1 does not start at its source a");
  }
}
