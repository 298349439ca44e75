package dev.jobnet.converter.authored;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Findings;
import dev.jobnet.converter.SourceDecoder;
import dev.jobnet.converter.Suggestions;
import dev.jobnet.converter.model.Location;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Element;

/**
 * BPMN files made or edited in Camunda Modeler, checked as jobnets (issue 15, {@code docs/modeler.md}).
 *
 * <p>A process is a jobnet when it has a service task on a {@code jobnet.*} topic, a call activity, or
 * {@code jobnet.kind=root} (the converter's mark). Its diagram is the source: every property the engine
 * and the agents read that follows from the diagram (kind, id, path, ancestors, upstream, server,
 * expanded root, schedule) is derived again, settings missing on a job get the built-in ones, and what
 * the jobnet semantics cannot run is a finding located at its element, {@code file:line:column}. Other
 * processes are deployed as they are.
 *
 * <p>Two steps, because expansions resolve across files and kinds: {@link #read} every file first (the
 * roots each defines), then {@link #check} them against every root known (these files, the jobnet YAML
 * of the same set, the roots already deployed). Stateless and thread-safe.
 */
public final class AuthoredBpmn {

  static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

  private AuthoredBpmn() {}

  /** A file read by {@link #read}: its processes, and the document {@link #check} checks and normalizes. */
  public static final class ReadBpmn {
    private final BpmnSource source;
    private final XmlTree tree;
    private final List<BpmnProcess> processes;
    /** The elements of the processes that are jobnets, which {@link #check} checks. */
    private final List<Element> jobnets;

    ReadBpmn(BpmnSource source, XmlTree tree, List<BpmnProcess> processes, List<Element> jobnets) {
      this.source = source;
      this.tree = tree;
      this.processes = List.copyOf(processes);
      this.jobnets = List.copyOf(jobnets);
    }

    public String name() {
      return source.name();
    }

    public List<BpmnProcess> processes() {
      return processes;
    }
  }

  /** Reads each file; a file that is not BPMN XML is a finding and is left out. */
  public static List<ReadBpmn> read(List<BpmnSource> sources, Findings findings) {
    List<ReadBpmn> result = new ArrayList<>();
    for (BpmnSource source : sources) {
      SourceDecoder.Decoded decoded = SourceDecoder.decode(source.name(), source.content());
      if (decoded instanceof SourceDecoder.Unreadable u) {
        findings.add(u.finding().code(), u.finding().location(), u.finding().message());
        continue;
      }
      String text = ((SourceDecoder.Text) decoded).source().text();
      XmlTree tree;
      try {
        tree = XmlTree.parse(text);
      } catch (XmlTree.MalformedXmlException e) {
        findings.add(FindingCode.BPMN_SYNTAX, new Location(source.name(), e.line(), e.column()),
            "not well-formed XML: " + e.getMessage());
        continue;
      }
      Reporter report = new Reporter(source.name(), tree, findings);
      Element root = tree.root();
      if (!BPMN.equals(root.getNamespaceURI()) || !"definitions".equals(root.getLocalName())) {
        report.add(FindingCode.BPMN_SYNTAX, root, "not BPMN 2.0: the document element is '"
            + root.getTagName() + "', a BPMN file starts with <bpmn:definitions xmlns:bpmn=\"" + BPMN + "\">");
        continue;
      }
      List<BpmnProcess> processes = new ArrayList<>();
      List<Element> jobnets = new ArrayList<>();
      for (Element process : XmlTree.children(root, BPMN, "process")) {
        boolean jobnet = isJobnet(process);
        if ("true".equals(process.getAttribute("isExecutable"))) {
          processes.add(new BpmnProcess(process.getAttribute("id"), jobnet, calledElements(process),
              report.at(process)));
          if (jobnet) {
            jobnets.add(process);
          }
        } else if (jobnet) {
          report.add(FindingCode.INVALID_VALUE, process, "process '" + process.getAttribute("id")
              + "' holds jobs but is not executable, so Camunda would deploy it without a way to run it;"
              + " set isExecutable=\"true\" (in Camunda Modeler: tick 'Executable' in the process's properties)");
        }
      }
      result.add(new ReadBpmn(source, tree, processes, jobnets));
    }
    return result;
  }

  /** The jobnet roots the files define, with the roots each expands. */
  public static Map<String, Set<String>> jobnetRoots(List<ReadBpmn> files) {
    Map<String, Set<String>> roots = new HashMap<>();
    for (ReadBpmn file : files) {
      for (BpmnProcess p : file.processes()) {
        if (p.jobnet()) {
          roots.put(p.key(), p.expansions());
        }
      }
    }
    return roots;
  }

  /**
   * Checks the jobnet processes of every file and derives their properties again.
   *
   * @param roots every root jobnet known, with the roots it expands: these files', the YAML's of the same
   *     set and the deployed ones (a root defined here replacing a deployed one of the same id)
   * @return each file with what to deploy; only meaningful when no finding was added
   */
  public static List<CheckedBpmn> check(List<ReadBpmn> files, Map<String, Set<String>> roots, Findings findings) {
    List<CheckedBpmn> result = new ArrayList<>();
    for (ReadBpmn file : files) {
      Reporter report = new Reporter(file.name(), file.tree, findings);
      for (Element process : file.jobnets) {
        new JobnetProcessCheck(report, process).check();
        expansions(report, process, roots);
      }
      // A file whose properties were all as derived is deployed as it is: byte for byte, and not written.
      byte[] content = file.tree.isModified() ? file.tree.write().getBytes(StandardCharsets.UTF_8)
          : file.source.content();
      result.add(new CheckedBpmn(file.name(), content, file.processes()));
    }
    return result;
  }

  /** Each call activity names a known root, and no root comes back to this process through it. */
  private static void expansions(Reporter report, Element process, Map<String, Set<String>> roots) {
    String key = process.getAttribute("id");
    for (Element call : descendants(process, "callActivity")) {
      String called = call.getAttribute("calledElement");
      if (called.isBlank() || isExpression(called)) {
        continue; // reported by the process check
      }
      if (!roots.containsKey(called)) {
        report.add(FindingCode.UNKNOWN_EXPANSION, call, "expansion '" + call.getAttribute("id")
            + "' names the root jobnet '" + called + "', which is neither in these files nor deployed"
            + Suggestions.didYouMean(called, new TreeSet<>(roots.keySet())));
        continue;
      }
      List<String> loop = pathBack(called, key, roots);
      if (!loop.isEmpty()) {
        report.add(FindingCode.EXPANSION_RECURSION, call, "expansion '" + call.getAttribute("id")
            + "' makes root jobnet '" + key + "' expand itself: " + key + " -> " + String.join(" -> ", loop)
            + "; a run would never end. Remove one of the expansions");
      }
    }
  }

  /** The roots from {@code from} to {@code to} along expansions ({@code from} first), or empty. */
  private static List<String> pathBack(String from, String to, Map<String, Set<String>> roots) {
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(from);
    parent.put(from, null);
    while (!queue.isEmpty()) {
      String at = queue.poll();
      if (at.equals(to)) {
        List<String> path = new ArrayList<>();
        for (String s = at; s != null; s = parent.get(s)) {
          path.add(0, s);
        }
        return path;
      }
      for (String next : new TreeSet<>(roots.getOrDefault(at, Set.of()))) {
        if (!parent.containsKey(next)) {
          parent.put(next, at);
          queue.add(next);
        }
      }
    }
    return List.of();
  }

  /** Whether a process is a jobnet: a task on a jobnet topic, a call activity, or the converter's mark. */
  static boolean isJobnet(Element process) {
    if (BpmnProperties.KIND_ROOT.equals(PropertyWriter.properties(process).get(BpmnProperties.KIND))) {
      return true;
    }
    if (!descendants(process, "callActivity").isEmpty()) {
      return true;
    }
    for (Element task : descendants(process, "serviceTask")) {
      if (Topics.isJobTopic(task.getAttributeNS(CAMUNDA, "topic"))) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> calledElements(Element process) {
    Set<String> called = new LinkedHashSet<>();
    for (Element call : descendants(process, "callActivity")) {
      String c = call.getAttribute("calledElement");
      if (!c.isBlank() && !isExpression(c)) {
        called.add(c);
      }
    }
    return called;
  }

  static boolean isExpression(String value) {
    return value.contains("${") || value.contains("#{");
  }

  /** The flow elements named {@code localName} in a process, also inside its subprocesses, in file order. */
  static List<Element> descendants(Element scope, String localName) {
    List<Element> result = new ArrayList<>();
    Deque<Element> todo = new ArrayDeque<>();
    pushChildren(scope, todo);
    while (!todo.isEmpty()) {
      Element e = todo.pop();
      if (localName.equals(e.getLocalName())) {
        result.add(e);
      }
      if ("subProcess".equals(e.getLocalName())) {
        pushChildren(e, todo);
      }
    }
    return result;
  }

  /** Pushes the BPMN children of {@code e} so that they pop in file order. */
  private static void pushChildren(Element e, Deque<Element> todo) {
    List<Element> children = XmlTree.children(e);
    for (int i = children.size() - 1; i >= 0; i--) {
      if (BPMN.equals(children.get(i).getNamespaceURI())) {
        todo.push(children.get(i));
      }
    }
  }
}
