package dev.jobnet.engine.semantics;

import dev.jobnet.protocol.BpmnProperties;
import java.util.Optional;

/** What a BPMN element is to a jobnet, from its {@code jobnet.kind} property. */
public enum NodeKind {
  ROOT(BpmnProperties.KIND_ROOT),
  JOB(BpmnProperties.KIND_JOB),
  JOBNET(BpmnProperties.KIND_JOBNET),
  FINALLY(BpmnProperties.KIND_FINALLY),
  EXPANSION(BpmnProperties.KIND_EXPANSION);

  private final String property;

  NodeKind(String property) {
    this.property = property;
  }

  public String property() {
    return property;
  }

  public static Optional<NodeKind> ofProperty(String value) {
    for (NodeKind k : values()) {
      if (k.property.equals(value)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
