package dev.jobnet.converter.check;

import java.util.Map;
import java.util.Set;

/**
 * Root jobnets that exist outside the files being checked (already deployed to an engine), with the
 * root ids each of them expands, so that expansions into them resolve and recursion through them is
 * still found.
 */
public record KnownJobnets(Map<String, Set<String>> expansionsByRoot) {

  public static final KnownJobnets NONE = new KnownJobnets(Map.of());

  public KnownJobnets {
    expansionsByRoot = Map.copyOf(expansionsByRoot);
  }

  public boolean contains(String rootId) {
    return expansionsByRoot.containsKey(rootId);
  }
}
