package dev.jobnet.engine.deploy;

/** Hand-written BPMN, as someone deploys with Camunda Modeler: no jobnet properties. */
public final class TestBpmn {

  /** BPMN whose process is never closed: the parser notices at line 4. */
  public static final String NOT_WELL_FORMED = """
      <?xml version="1.0"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
        <process id="x" isExecutable="true">
      </definitions>
      """;

  private TestBpmn() {}

  /** An executable process that starts and ends. */
  public static String plainProcess(String key) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs-%1$s" targetNamespace="http://jobnet.dev/test">
          <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="flow" sourceRef="start" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(key);
  }
}
