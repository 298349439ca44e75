package dev.jobnet.engine.semantics;

import java.util.List;

/**
 * What the semantics need to know of one BPMN element, read from its {@code jobnet.*} properties when
 * the process is parsed.
 *
 * @param upstream element ids of the jobs that lead to this one
 * @param enclosingScopes element ids of the enclosing jobnets and finally blocks, innermost first
 * @param children for jobnets, finally blocks and roots: the element ids of their direct jobs,
 *     jobnets, expansions and finally
 */
public record NodeSpec(String elementId, NodeKind kind, List<String> upstream, List<String> enclosingScopes,
    List<String> children) {

  public static final String PROPERTY = "jobnetNodeSpec";

  public NodeSpec {
    upstream = List.copyOf(upstream);
    enclosingScopes = List.copyOf(enclosingScopes);
    children = List.copyOf(children);
  }

  public NodeSpec withChildren(List<String> children) {
    return new NodeSpec(elementId, kind, upstream, enclosingScopes, children);
  }
}
