package dev.jobnet.converter.check;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Findings;
import dev.jobnet.converter.Suggestions;
import dev.jobnet.converter.model.Job;
import dev.jobnet.converter.model.JobnetBody;
import dev.jobnet.converter.model.Location;
import dev.jobnet.converter.model.RootJobnet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules that need the whole graph: {@code next} references, cycles and reachability inside each
 * jobnet; duplicate root ids, unknown expansions and expansion recursion across the set. Iterative
 * algorithms throughout, so a 100,000-job chain needs no deep stack.
 */
public final class GraphChecks {

  /** Camunda stores activity ids in columns of 255 characters. */
  public static final int MAX_ELEMENT_ID_LENGTH = 255;

  private final Findings findings;

  public GraphChecks(Findings findings) {
    this.findings = findings;
  }

  /** Checks every root of the set; {@code known} are roots deployed elsewhere. */
  public void check(List<RootJobnet> roots, KnownJobnets known) {
    Map<String, RootJobnet> byId = new LinkedHashMap<>();
    for (RootJobnet r : roots) {
      RootJobnet first = byId.putIfAbsent(r.id(), r);
      if (first != null && !first.location().file().equals(r.location().file())) {
        findings.add(FindingCode.DUPLICATE_ROOT_ID, r.location(), "root jobnet '" + r.id()
            + "' is also defined in " + first.location() + "; root ids must be unique across all files");
        findings.add(FindingCode.DUPLICATE_ROOT_ID, first.location(), "root jobnet '" + r.id()
            + "' is also defined in " + r.location() + "; root ids must be unique across all files");
      }
    }
    Set<String> allRoots = new TreeSet<>(byId.keySet());
    allRoots.addAll(known.expansionsByRoot().keySet());
    Map<String, List<Job.Ref>> expansions = new LinkedHashMap<>();
    for (RootJobnet r : byId.values()) {
      for (Job job : r.body().jobs()) {
        if (job.id().equals(r.id())) {
          findings.add(FindingCode.INVALID_ID, job.location(), "job id '" + job.id() + "' is also the id of its root"
              + " jobnet, and one BPMN file holds each id once; rename the job (its display text can stay in 'name:')");
        }
      }
      List<Job.Ref> refs = new ArrayList<>();
      body(r.body(), r.id().length(), allRoots, refs);
      expansions.put(r.id(), refs);
    }
    recursion(byId, expansions, known);
  }

  private void body(JobnetBody body, int prefixLength, Set<String> allRoots, List<Job.Ref> expansions) {
    jobGraph(body);
    for (Job job : body.jobs()) {
      int idLength = prefixLength + 1 + job.id().length();
      if (idLength > MAX_ELEMENT_ID_LENGTH) {
        findings.add(FindingCode.INVALID_ID, job.location(), "the path to job '" + job.id() + "' is longer than "
            + MAX_ELEMENT_ID_LENGTH + " characters; use shorter ids for the enclosing jobnets");
      }
      if (job.action() instanceof Job.Nested n) {
        body(n.body(), idLength, allRoots, expansions);
      } else if (job.action() instanceof Job.Expand e) {
        if (!allRoots.contains(e.root().id())) {
          findings.add(FindingCode.UNKNOWN_EXPANSION, e.root().location(), "job '" + job.id() + "' expands '"
              + e.root().id() + "', which is no root jobnet of this set or of the engine"
              + Suggestions.didYouMean(e.root().id(), allRoots));
        } else {
          expansions.add(e.root());
        }
      }
    }
    body.finallyBody().ifPresent(f -> body(f, prefixLength + "._finally".length(), allRoots, expansions));
  }

  /** Unknown and duplicate {@code next}, cycles and unreachable jobs of one jobnet. */
  private void jobGraph(JobnetBody body) {
    List<Job> jobs = body.jobs();
    if (body.isSequential()) {
      return;
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      index.putIfAbsent(jobs.get(i).id(), i);
    }
    int n = jobs.size();
    int[][] successors = new int[n][];
    boolean[] hasIncoming = new boolean[n];
    boolean[] selfLoop = new boolean[n];
    for (int i = 0; i < n; i++) {
      Job job = jobs.get(i);
      Set<String> seen = new LinkedHashSet<>();
      List<Integer> out = new ArrayList<>();
      for (Job.Ref ref : job.next()) {
        if (!seen.add(ref.id())) {
          findings.add(FindingCode.DUPLICATE_NEXT, ref.location(), "job '" + job.id() + "' names '" + ref.id()
              + "' twice in 'next:'; remove one");
          continue;
        }
        Integer target = index.get(ref.id());
        if (target == null) {
          findings.add(FindingCode.UNKNOWN_NEXT, ref.location(), "job '" + job.id() + "' names '" + ref.id()
              + "' in 'next:', but this jobnet has no such job" + Suggestions.didYouMean(ref.id(), index.keySet())
              + "; 'next' links jobs of the same jobnet only");
          continue;
        }
        if (target == i) {
          selfLoop[i] = true;
        }
        out.add(target);
        hasIncoming[target] = true;
      }
      successors[i] = out.stream().mapToInt(Integer::intValue).toArray();
    }
    int[] component = stronglyConnectedComponents(successors);
    int[] componentSize = new int[n];
    for (int c : component) {
      componentSize[c]++;
    }
    boolean[] cyclic = new boolean[n];
    boolean[] reported = new boolean[n];
    for (int i = 0; i < n; i++) {
      cyclic[i] = selfLoop[i] || componentSize[component[i]] > 1;
      if (cyclic[i] && !reported[component[i]]) {
        reported[component[i]] = true;
        List<Integer> path = cyclePath(i, successors, component);
        StringBuilder sb = new StringBuilder();
        for (int p : path) {
          sb.append(jobs.get(p).id()).append(" -> ");
        }
        sb.append(jobs.get(i).id());
        findings.add(FindingCode.CYCLE, jobs.get(i).location(), "cycle among 'next' edges: " + sb
            + "; remove one of these 'next' entries");
      }
    }
    // Reachability from the jobs nobody names in 'next'.
    boolean[] reachable = new boolean[n];
    Deque<Integer> queue = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (!hasIncoming[i]) {
        reachable[i] = true;
        queue.add(i);
      }
    }
    while (!queue.isEmpty()) {
      for (int s : successors[queue.poll()]) {
        if (!reachable[s]) {
          reachable[s] = true;
          queue.add(s);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!reachable[i] && !cyclic[i]) {
        findings.add(FindingCode.UNREACHABLE_JOB, jobs.get(i).location(), "job '" + jobs.get(i).id()
            + "' can never run: every path to it goes through a cycle; break the cycle");
      }
    }
  }

  /** The shortest path from {@code start} back to itself within its component, start first. */
  private static List<Integer> cyclePath(int start, int[][] successors, int[] component) {
    Map<Integer, Integer> parent = new HashMap<>();
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int s : successors[v]) {
        if (component[s] != component[start]) {
          continue;
        }
        if (s == start) {
          List<Integer> path = new ArrayList<>();
          for (Integer x = v; x != null; x = parent.get(x)) {
            path.add(0, x);
            if (x == start) {
              break;
            }
          }
          return path;
        }
        if (!parent.containsKey(s)) {
          parent.put(s, v);
          queue.add(s);
        }
      }
    }
    return List.of(start);
  }

  /** Iterative Tarjan: the component number of every node. */
  static int[] stronglyConnectedComponents(int[][] successors) {
    int n = successors.length;
    int[] index = new int[n];
    int[] low = new int[n];
    int[] comp = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    int[] stack = new int[n];
    int sp = 0;
    int[] callNode = new int[n];
    int[] callEdge = new int[n];
    int counter = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int depth = 0;
      callNode[0] = root;
      callEdge[0] = 0;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = callNode[depth];
        if (callEdge[depth] < successors[v].length) {
          int w = successors[v][callEdge[depth]++];
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = true;
            depth++;
            callNode[depth] = w;
            callEdge[depth] = 0;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
        } else {
          if (low[v] == index[v]) {
            int w;
            do {
              w = stack[--sp];
              onStack[w] = false;
              comp[w] = components;
            } while (w != v);
            components++;
          }
          depth--;
          if (depth >= 0) {
            int parent = callNode[depth];
            low[parent] = Math.min(low[parent], low[v]);
          }
        }
      }
    }
    return comp;
  }

  /** Roots that expand themselves, directly, through nested jobnets or through other roots. */
  private void recursion(Map<String, RootJobnet> roots, Map<String, List<Job.Ref>> expansions, KnownJobnets known) {
    List<String> ids = new ArrayList<>(roots.keySet());
    for (String k : new TreeSet<>(known.expansionsByRoot().keySet())) {
      if (!roots.containsKey(k)) {
        ids.add(k);
      }
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    int[][] successors = new int[ids.size()][];
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Set<Integer> out = new LinkedHashSet<>();
      if (roots.containsKey(id)) {
        expansions.get(id).forEach(ref -> out.add(index.get(ref.id())));
      } else {
        known.expansionsByRoot().get(id).stream().filter(index::containsKey).forEach(t -> out.add(index.get(t)));
      }
      successors[i] = out.stream().mapToInt(Integer::intValue).toArray();
    }
    int[] component = stronglyConnectedComponents(successors);
    int[] size = new int[ids.size()];
    for (int c : component) {
      size[c]++;
    }
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (!roots.containsKey(id)) {
        continue;
      }
      boolean self = expansions.get(id).stream().anyMatch(r -> r.id().equals(id));
      if (!self && size[component[i]] == 1) {
        continue;
      }
      // One finding in each root of the recursion, at its expansion that stays inside the recursion.
      for (Job.Ref ref : expansions.get(id)) {
        Integer t = index.get(ref.id());
        if (t == null || component[t] != component[i]) {
          continue;
        }
        String path;
        if (t == i) {
          path = id + " -> " + id;
        } else {
          List<Integer> p = cyclePath(i, successors, component);
          StringBuilder sb = new StringBuilder();
          p.forEach(x -> sb.append(ids.get(x)).append(" -> "));
          path = sb.append(id).toString();
        }
        Location at = ref.location();
        findings.add(FindingCode.EXPANSION_RECURSION, at, t == i
            ? "root jobnet '" + id + "' expands itself (" + path + "); it would never end"
            : "root jobnets expand each other: " + path + "; a jobnet may expand another only if that one"
                + " does not lead back to it");
        break;
      }
    }
  }
}
