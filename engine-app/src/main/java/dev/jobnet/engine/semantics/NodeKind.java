package dev.jobnet.engine.semantics;

import java.util.Optional;

/** What a BPMN element is to a jobnet, from its {@code jobnet.kind} property. */
public enum NodeKind {
  ROOT("root"),
  JOB("job"),
  JOBNET("jobnet"),
  FINALLY("finally"),
  EXPANSION("expansion");

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
