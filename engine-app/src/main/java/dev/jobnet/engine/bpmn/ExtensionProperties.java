package dev.jobnet.engine.bpmn;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The {@code camunda:property} name/value pairs of a BPMN element, by name ({@code jobnet.*}, see
 * {@link dev.jobnet.protocol.BpmnProperties}). A name written twice keeps its last value, as Camunda
 * gives the properties to the agents ({@code fetchAndLock} with {@code includeExtensionProperties}).
 * An element without properties has none: the map is empty, never null.
 */
public final class ExtensionProperties {

  private ExtensionProperties() {}

  /** The properties of an element of a model (Camunda caches the models of deployed definitions). */
  public static Map<String, String> of(ModelElementInstance element) {
    Map<String, String> result = new HashMap<>();
    if (element instanceof BaseElement base && base.getExtensionElements() != null) {
      for (CamundaProperties props : base.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
        for (CamundaProperty p : props.getCamundaProperties()) {
          result.put(p.getCamundaName(), p.getCamundaValue());
        }
      }
    }
    return result;
  }

  /** The properties of the element {@code elementId} of {@code model}; none when either is missing. */
  public static Map<String, String> of(BpmnModelInstance model, String elementId) {
    if (model == null) {
      return new HashMap<>();
    }
    ModelElementInstance element = model.getModelElementById(elementId);
    return of(element);
  }

  /** The properties of an element as the engine parses a deployment (a parse listener's view). */
  public static Map<String, String> of(Element element) {
    Map<String, String> result = new HashMap<>();
    Element ext = element.element("extensionElements");
    if (ext == null) {
      return result;
    }
    Element props = ext.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (props == null) {
      return result;
    }
    for (Element p : props.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
      result.put(p.attribute("name"), p.attribute("value"));
    }
    return result;
  }
}
