package dev.jobnet.converter.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The root jobnets of one validation or deployment, from one or more files, in written order. */
public record JobnetSet(List<RootJobnet> roots) {

  public JobnetSet {
    roots = List.copyOf(roots);
  }

  public Map<String, RootJobnet> byId() {
    Map<String, RootJobnet> m = new LinkedHashMap<>();
    roots.forEach(r -> m.putIfAbsent(r.id(), r));
    return m;
  }
}
