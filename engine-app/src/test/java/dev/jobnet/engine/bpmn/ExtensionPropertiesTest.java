package dev.jobnet.engine.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.protocol.BpmnProperties;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;

class ExtensionPropertiesTest {

  private static final String BPMN = """
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
          targetNamespace="t">
        <process id="p" isExecutable="true">
          <extensionElements><camunda:properties>
            <camunda:property name="jobnet.kind" value="root" />
          </camunda:properties></extensionElements>
          <startEvent id="s" />
          <serviceTask id="load" camunda:type="external" camunda:topic="jobnet.default">
            <extensionElements><camunda:properties>
              <camunda:property name="jobnet.command" value="load.sh" />
              <camunda:property name="jobnet.retries" value="1" />
              <camunda:property name="jobnet.retries" value="2" />
            </camunda:properties></extensionElements>
          </serviceTask>
        </process>
      </definitions>
      """;

  private final BpmnModelInstance model = Bpmn.readModelFromStream(
      new ByteArrayInputStream(BPMN.getBytes(StandardCharsets.UTF_8)));

  @Test
  void readsTheNamedValuesOfAnElement() {
    assertThat(ExtensionProperties.of(model, "load")).containsEntry(BpmnProperties.COMMAND, "load.sh");
    Process process = model.getModelElementById("p");
    assertThat(ExtensionProperties.of(process))
        .containsExactly(Map.entry(BpmnProperties.KIND, BpmnProperties.KIND_ROOT));
  }

  @Test
  void aNameWrittenTwiceKeepsItsLastValueAsCamundaGivesItToTheAgents() {
    assertThat(ExtensionProperties.of(model, "load")).containsEntry(BpmnProperties.RETRIES, "2");
  }

  @Test
  void anElementWithoutPropertiesOrNoElementAtAllHasNone() {
    assertThat(ExtensionProperties.of(model, "s")).isEmpty();
    assertThat(ExtensionProperties.of(model, "no-such-element")).isEmpty();
    assertThat(ExtensionProperties.of(null, "load")).isEmpty();
  }
}
