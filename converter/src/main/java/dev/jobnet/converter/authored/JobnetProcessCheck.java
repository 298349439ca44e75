package dev.jobnet.converter.authored;

import static dev.jobnet.converter.authored.AuthoredBpmn.BPMN;
import static dev.jobnet.converter.authored.AuthoredBpmn.CAMUNDA;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Suggestions;
import dev.jobnet.converter.model.Settings;
import dev.jobnet.converter.plan.PlanBuilder;
import dev.jobnet.converter.yaml.CronExpressions;
import dev.jobnet.converter.yaml.IdRule;
import dev.jobnet.converter.yaml.JobnetYamlReader;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.Topics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Element;

/**
 * Checks one executable jobnet process of a BPMN file and writes its jobnet properties again from the
 * diagram ({@code docs/bpmn-mapping.md}, {@code docs/modeler.md}): what is derived (kind, id, path,
 * ancestors, upstream, server, expanded root, schedule) replaces what the file says, settings are
 * checked with the rules of the YAML and written resolved, and parallel joins become asynchronous.
 * The graph of each jobnet (process, subprocess) is checked here; a job's settings by
 * {@link JobSettings}; the properties are written by {@link PropertyWriter}.
 */
final class JobnetProcessCheck {

  /** What a flow element is to the jobnet. */
  private enum Type { START, END, GATEWAY, JOB, JOBNET, FINALLY, EXPANSION, OTHER }

  private record FlowElement(Element element, String id, Type type) {
    boolean isJobnetNode() {
      return type == Type.JOB || type == Type.JOBNET || type == Type.EXPANSION;
    }
  }

  private static final Set<String> IGNORED = Set.of("documentation", "extensionElements", "laneSet", "textAnnotation",
      "association", "group", "dataObject", "dataObjectReference", "dataStoreReference", "incoming", "outgoing",
      "multiInstanceLoopCharacteristics", "standardLoopCharacteristics", "sequenceFlow");

  private static final Set<String> DERIVED = Set.of(BpmnProperties.KIND, BpmnProperties.ID, BpmnProperties.PATH,
      BpmnProperties.ANCESTORS, BpmnProperties.UPSTREAM, BpmnProperties.SERVER, BpmnProperties.EXPAND);

  private final XmlTree tree;
  private final Element process;
  private final Reporter report;
  private final JobSettings jobSettings;
  private final PropertyWriter writer;

  JobnetProcessCheck(Reporter report, Element process) {
    this.tree = report.tree();
    this.process = process;
    this.report = report;
    this.jobSettings = new JobSettings(report);
    this.writer = new PropertyWriter(report.tree());
  }

  void check() {
    String key = process.getAttribute("id");
    IdRule.problem(key).ifPresent(p -> add(FindingCode.INVALID_ID, process, "root jobnet id '" + key
        + "' (the process id) is not allowed: " + p));
    Map<String, JobSettings.Written> written = unknownProperties(process, AuthoredSchedule.PROPERTIES, "a process");
    Optional<String> timer = container(process, List.of(key), true);
    Map<String, String> props = new LinkedHashMap<>();
    props.put(BpmnProperties.KIND, BpmnProperties.KIND_ROOT);
    props.put(BpmnProperties.ID, key);
    // a timer start event's cycle, or the property jobnet.schedule, is a schedule the engine app's
    // scheduler starts (the timer is removed from the start event: Camunda's timer would start it too)
    AuthoredSchedule.read(report, process, timer, written).ifPresent(props::putAll);
    writer.write(process, props);
    if (!process.hasAttributeNS(CAMUNDA, "historyTimeToLive")) {
      writer.setCamundaAttribute(process, "historyTimeToLive", PlanBuilder.DEFAULT_HISTORY_TIME_TO_LIVE_DAYS);
    }
  }

  /** Checks and rewrites one jobnet (the process or a subprocess); the root's schedule, if any. */
  private Optional<String> container(Element scope, List<String> ancestors, boolean root) {
    List<FlowElement> nodes = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    Optional<String> schedule = Optional.empty();
    List<Element> flows = new ArrayList<>();
    for (Element e : XmlTree.children(scope)) {
      if (!BPMN.equals(e.getNamespaceURI())) {
        continue;
      }
      String name = e.getLocalName();
      if (name.equals("sequenceFlow")) {
        flows.add(e);
        continue;
      }
      if (IGNORED.contains(name)) {
        continue;
      }
      String id = e.getAttribute("id");
      if (id.isBlank()) {
        add(FindingCode.INVALID_ID, e, "this " + name + " has no id; every BPMN element needs one");
        continue;
      }
      Type type = switch (name) {
        case "startEvent" -> startEvent(e, root).map(s -> Type.START).orElse(Type.OTHER);
        case "endEvent" -> endEvent(e);
        case "parallelGateway" -> Type.GATEWAY;
        case "serviceTask" -> job(e);
        case "subProcess" -> subProcess(e);
        case "callActivity" -> Type.EXPANSION;
        default -> unsupported(e);
      };
      if (name.equals("startEvent") && root) {
        Optional<String> s = timerSchedule(e);
        if (s.isPresent()) {
          schedule = s;
        }
      }
      loops(e);
      index.put(id, nodes.size());
      nodes.add(new FlowElement(e, id, type));
    }

    int n = nodes.size();
    List<List<Integer>> out = new ArrayList<>();
    List<List<Integer>> in = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
      in.add(new ArrayList<>());
    }
    for (Element flow : flows) {
      if (!XmlTree.children(flow, BPMN, "conditionExpression").isEmpty()) {
        add(FindingCode.UNSUPPORTED_ELEMENT, flow, "sequence flow '" + flow.getAttribute("id") + "' has a condition;"
            + " in a jobnet every flow is taken (a job after a failed one is SKIPPED, not left out): remove the"
            + " condition, and decide in the job's command what it does");
      }
      Integer s = index.get(flow.getAttribute("sourceRef"));
      Integer t = index.get(flow.getAttribute("targetRef"));
      if (s != null && t != null) {
        out.get(s).add(t);
        in.get(t).add(s);
      }
    }

    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (nodes.get(i).type() == Type.START || nodes.get(i).element().getLocalName().equals("startEvent")) {
        starts.add(i);
      }
    }
    String what = root ? "root jobnet '" + scope.getAttribute("id") + "'" : "jobnet '" + scope.getAttribute("id") + "'";
    if (starts.size() != 1) {
      add(FindingCode.START_EVENTS, scope, what + " has " + starts.size() + " start events; a jobnet has exactly one,"
          + " where its first jobs begin (a parallel gateway after it starts several at once)");
    }
    if (nodes.stream().noneMatch(FlowElement::isJobnetNode)) {
      add(FindingCode.EMPTY_JOBNET, scope, what + " has no jobs; add a job (the 'Jobnet job' template), a nested"
          + " jobnet or an expansion");
    }

    reachability(nodes, out, starts);
    cycles(nodes, out);
    merges(nodes, in);
    finallyPlacement(nodes, in, out);
    duplicateIds(nodes);

    String prefix = "/" + String.join("/", ancestors);
    for (int i = 0; i < n; i++) {
      FlowElement node = nodes.get(i);
      Element e = node.element();
      switch (node.type()) {
        case GATEWAY -> {
          if (in.get(i).size() > 1) {
            writer.setCamundaAttribute(e, "asyncBefore", "true");
          }
        }
        case JOB -> writer.write(e, jobProperties(node, ancestors, prefix, upstream(i, nodes, in)));
        case EXPANSION -> expansion(node, ancestors, prefix, upstream(i, nodes, in));
        case JOBNET -> {
          String segment = segment(node.id());
          List<String> inner = append(ancestors, segment);
          container(e, inner, false);
          Map<String, String> props = structural(BpmnProperties.KIND_JOBNET, node, ancestors, prefix,
              upstream(i, nodes, in));
          unknownProperties(e, Set.of(), "a nested jobnet");
          writer.write(e, props);
        }
        case FINALLY -> {
          List<String> inner = append(ancestors, JobnetYamlReader.RESERVED_JOB_ID);
          container(e, inner, false);
          Map<String, String> props = new LinkedHashMap<>();
          props.put(BpmnProperties.KIND, BpmnProperties.KIND_FINALLY);
          props.put(BpmnProperties.PATH, prefix + "/" + JobnetYamlReader.RESERVED_JOB_ID);
          unknownProperties(e, Set.of(), "a finally");
          writer.write(e, props);
        }
        default -> {
          // events and unsupported elements carry no jobnet properties
        }
      }
    }
    return schedule;
  }

  // ---- element kinds ----

  private Optional<Type> startEvent(Element e, boolean root) {
    List<Element> definitions = eventDefinitions(e);
    if (definitions.isEmpty()) {
      return Optional.of(Type.START);
    }
    Element d = definitions.get(0);
    if (definitions.size() == 1 && d.getLocalName().equals("timerEventDefinition") && root) {
      return Optional.of(Type.START);
    }
    add(FindingCode.UNSUPPORTED_ELEMENT, e, "start event '" + e.getAttribute("id") + "' is a "
        + d.getLocalName().replace("EventDefinition", "") + " start event; a jobnet starts from a plain start event"
        + (root ? " or, on a schedule, a timer start event with a cron expression (Timer type: Cycle)"
            : " (a nested jobnet starts when the step before it ends)"));
    return Optional.empty();
  }

  private Optional<String> timerSchedule(Element start) {
    for (Element d : eventDefinitions(start)) {
      if (!d.getLocalName().equals("timerEventDefinition")) {
        continue;
      }
      List<Element> cycles = XmlTree.children(d, BPMN, "timeCycle");
      if (cycles.isEmpty()) {
        add(FindingCode.INVALID_CRON, d, "the timer of start event '" + start.getAttribute("id") + "' is not a cycle;"
            + " a jobnet's schedule is a cron expression (Timer type: Cycle, e.g. '0 0 2 * * ?' for 02:00 daily)");
        return Optional.empty();
      }
      String cron = cycles.get(0).getTextContent().strip();
      Optional<String> problem = CronExpressions.problem(cron);
      if (problem.isPresent()) {
        add(FindingCode.INVALID_CRON, cycles.get(0), "schedule '" + cron + "' is not a cron expression: "
            + problem.get());
        return Optional.empty();
      }
      start.removeChild(d);
      tree.modified();
      return Optional.of(cron);
    }
    return Optional.empty();
  }

  private Type endEvent(Element e) {
    List<Element> definitions = eventDefinitions(e);
    if (definitions.isEmpty()) {
      return Type.END;
    }
    add(FindingCode.UNSUPPORTED_ELEMENT, e, "end event '" + e.getAttribute("id") + "' is a "
        + definitions.get(0).getLocalName().replace("EventDefinition", "") + " end event; a jobnet ends with plain end"
        + " events: how it ended follows from its jobs (FAILED, STOPPED, SUCCEEDED)");
    return Type.OTHER;
  }

  private Type subProcess(Element e) {
    if ("true".equals(e.getAttribute("triggeredByEvent"))) {
      add(FindingCode.UNSUPPORTED_ELEMENT, e, "event subprocess '" + e.getAttribute("id") + "' cannot be part of a"
          + " jobnet; use a finally (a subprocess with the 'Jobnet finally' template) for work after the jobs");
      return Type.OTHER;
    }
    String kind = PropertyWriter.properties(e).getOrDefault(BpmnProperties.KIND, "");
    return BpmnProperties.KIND_FINALLY.equals(kind) ? Type.FINALLY : Type.JOBNET;
  }

  private Type job(Element e) {
    String id = e.getAttribute("id");
    String type = e.getAttributeNS(CAMUNDA, "type");
    String topic = e.getAttributeNS(CAMUNDA, "topic");
    if (!"external".equals(type)) {
      add(FindingCode.NOT_A_JOB_TASK, e, "service task '" + id + "' is not a job: in a jobnet a service task is an"
          + " external task (Implementation: External) on the topic jobnet.<server>; in Camunda Modeler apply the"
          + " 'Jobnet job' template");
      return Type.OTHER;
    }
    if (!Topics.isJobTopic(topic)) {
      add(FindingCode.NOT_A_JOB_TASK, e, "service task '" + id + "' has the topic '" + topic + "'; a job's topic is"
          + " jobnet.<server>, the server whose agents run it (jobnet.default when there is one kind)");
      return Type.OTHER;
    }
    String server = Topics.serverOf(topic).orElse("");
    if (!Settings.isServer(server)) {
      add(FindingCode.INVALID_SERVER, e, "server '" + server + "' of job '" + id + "' (topic " + topic
          + ") is not allowed; " + Settings.SERVER_RULE);
    }
    return Type.JOB;
  }

  private Type unsupported(Element e) {
    String name = e.getLocalName();
    String hint = switch (name) {
      case "exclusiveGateway", "inclusiveGateway", "complexGateway", "eventBasedGateway" ->
          "a jobnet runs every branch; join branches with a parallel gateway, and decide in a job's command what it"
              + " does";
      case "boundaryEvent" -> "a job's time limit is its jobnet.timeout and a failure is retried by its retry policy;"
          + " the jobs after a failed job are SKIPPED";
      case "intermediateCatchEvent", "intermediateThrowEvent" ->
          "a jobnet has no waiting or signalling events; wait in a job's command, or start another jobnet";
      case "transaction", "adHocSubProcess" -> "a nested jobnet is a plain subprocess";
      default -> "a job is a service task on the topic jobnet.<server> (the 'Jobnet job' template), a nested jobnet a"
          + " subprocess, an expansion a call activity";
    };
    add(FindingCode.UNSUPPORTED_ELEMENT, e, name + " '" + e.getAttribute("id") + "' cannot be part of a jobnet: "
        + hint);
    return Type.OTHER;
  }

  private void loops(Element e) {
    for (Element c : XmlTree.children(e)) {
      if (BPMN.equals(c.getNamespaceURI()) && c.getLocalName().endsWith("LoopCharacteristics")) {
        add(FindingCode.UNSUPPORTED_ELEMENT, c, "'" + e.getAttribute("id") + "' repeats (" + c.getLocalName()
            + "); each job of a jobnet runs once per run: write one job per piece of work, or loop in the command");
      }
    }
  }

  // ---- the graph of one jobnet ----

  private void reachability(List<FlowElement> nodes, List<List<Integer>> out, List<Integer> starts) {
    boolean[] seen = new boolean[nodes.size()];
    Deque<Integer> todo = new ArrayDeque<>(starts);
    starts.forEach(s -> seen[s] = true);
    while (!todo.isEmpty()) {
      for (int t : out.get(todo.pop())) {
        if (!seen[t]) {
          seen[t] = true;
          todo.push(t);
        }
      }
    }
    if (starts.isEmpty()) {
      return;
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (!seen[i]) {
        add(FindingCode.UNREACHABLE_JOB, nodes.get(i).element(), "'" + nodes.get(i).id() + "' is not reached from the"
            + " start event of its jobnet, so it would never run; connect it with a sequence flow or remove it");
      }
    }
  }

  private void cycles(List<FlowElement> nodes, List<List<Integer>> out) {
    int n = nodes.size();
    int[] state = new int[n]; // 0 new, 1 on the path, 2 done
    int[] next = new int[n];
    for (int s = 0; s < n; s++) {
      if (state[s] != 0) {
        continue;
      }
      Deque<Integer> path = new ArrayDeque<>();
      path.push(s);
      state[s] = 1;
      while (!path.isEmpty()) {
        int at = path.peek();
        if (next[at] < out.get(at).size()) {
          int t = out.get(at).get(next[at]++);
          if (state[t] == 1) {
            add(FindingCode.CYCLE, nodes.get(t).element(), "the flows form a cycle back to '" + nodes.get(t).id()
                + "' (from '" + nodes.get(at).id() + "'); each job runs once per run, so a jobnet's flows never"
                + " loop: remove the flow back, and let the retry policy run a failed job again");
          } else if (state[t] == 0) {
            state[t] = 1;
            path.push(t);
          }
        } else {
          state[at] = 2;
          path.pop();
        }
      }
    }
  }

  private void merges(List<FlowElement> nodes, List<List<Integer>> in) {
    for (int i = 0; i < nodes.size(); i++) {
      FlowElement node = nodes.get(i);
      if ((node.isJobnetNode() || node.type() == Type.FINALLY) && in.get(i).size() > 1) {
        add(FindingCode.MERGE_WITHOUT_JOIN, node.element(), "'" + node.id() + "' is reached by " + in.get(i).size()
            + " sequence flows, and each would run it once; put a parallel gateway in front of it to wait for all"
            + " of them");
      }
    }
  }

  private void finallyPlacement(List<FlowElement> nodes, List<List<Integer>> in, List<List<Integer>> out) {
    int finallies = 0;
    for (int i = 0; i < nodes.size(); i++) {
      FlowElement node = nodes.get(i);
      if (node.type() != Type.FINALLY) {
        continue;
      }
      if (++finallies > 1) {
        add(FindingCode.MISPLACED_FINALLY, node.element(), "'" + node.id() + "' is a second finally of its jobnet; a"
            + " jobnet has at most one: put its jobs into the first");
        continue;
      }
      boolean toEnd = !out.get(i).isEmpty() && out.get(i).stream().allMatch(t -> nodes.get(t).type() == Type.END);
      if (in.get(i).isEmpty() || !toEnd) {
        add(FindingCode.MISPLACED_FINALLY, node.element(), "finally '" + node.id() + "' runs after all the other jobs"
            + " of its jobnet: connect the last of them to it, and it to an end event, with nothing after it");
      }
    }
    if (finallies == 0) {
      return;
    }
    for (int i = 0; i < nodes.size(); i++) {
      FlowElement node = nodes.get(i);
      boolean endsBranch = node.type() == Type.END && in.get(i).stream().anyMatch(s -> nodes.get(s).type() != Type.FINALLY);
      boolean deadEnd = node.type() != Type.END && node.type() != Type.FINALLY && out.get(i).isEmpty();
      if (endsBranch || deadEnd) {
        add(FindingCode.MISPLACED_FINALLY, node.element(), "'" + node.id() + "' ends a branch before the finally of its"
            + " jobnet, so the finally could run while the branch still runs; lead every branch into the finally");
      }
    }
  }

  private void duplicateIds(List<FlowElement> nodes) {
    Map<String, String> seen = new HashMap<>();
    for (FlowElement node : nodes) {
      if (!node.isJobnetNode()) {
        continue;
      }
      String segment = segment(node.id());
      String other = seen.putIfAbsent(segment, node.id());
      if (other != null) {
        add(FindingCode.DUPLICATE_JOB_ID, node.element(), "'" + node.id() + "' and '" + other + "' both have the job id '"
            + segment + "' in one jobnet (a job's id is its element id after the last '.'); rename one of them");
      }
    }
  }

  /** The element ids of the jobs, nested jobnets and expansions that lead to node {@code i}, in file order. */
  private static List<String> upstream(int i, List<FlowElement> nodes, List<List<Integer>> in) {
    TreeSet<Integer> found = new TreeSet<>();
    // A set, not an array per node: a container of n jobs would cost n * n otherwise.
    Set<Integer> seen = new HashSet<>();
    Deque<Integer> todo = new ArrayDeque<>(in.get(i));
    while (!todo.isEmpty()) {
      int s = todo.pop();
      if (!seen.add(s)) {
        continue;
      }
      Type type = nodes.get(s).type();
      if (nodes.get(s).isJobnetNode()) {
        found.add(s);
      } else if (type == Type.GATEWAY || type == Type.OTHER) {
        todo.addAll(in.get(s));
      }
    }
    return found.stream().map(k -> nodes.get(k).id()).toList();
  }

  // ---- properties ----

  private Map<String, String> structural(String kind, FlowElement node, List<String> ancestors, String prefix,
      List<String> upstream) {
    String segment = segment(node.id());
    IdRule.problem(segment).ifPresent(p -> add(FindingCode.INVALID_ID, node.element(), "job id '" + segment
        + "' (element id '" + node.id() + "' after its last '.') is not allowed: " + p));
    if (segment.equals(JobnetYamlReader.RESERVED_JOB_ID)) {
      add(FindingCode.INVALID_ID, node.element(), "job id 'finally' is kept for the path of finally blocks; rename '"
          + node.id() + "'");
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(BpmnProperties.KIND, kind);
    props.put(BpmnProperties.ID, segment);
    props.put(BpmnProperties.PATH, prefix + "/" + segment);
    props.put(BpmnProperties.ANCESTORS, String.join(BpmnProperties.ANCESTORS_SEPARATOR, ancestors));
    if (!upstream.isEmpty()) {
      props.put(BpmnProperties.UPSTREAM, String.join(BpmnProperties.UPSTREAM_SEPARATOR, upstream));
    }
    return props;
  }

  private Map<String, String> jobProperties(FlowElement node, List<String> ancestors, String prefix,
      List<String> upstream) {
    Element e = node.element();
    Map<String, String> props = structural(BpmnProperties.KIND_JOB, node, ancestors, prefix, upstream);
    Map<String, JobSettings.Written> written = unknownProperties(e, JobSettings.NAMES, "a job");
    props.putAll(jobSettings.resolve(node.id(), e, Topics.serverOf(e.getAttributeNS(CAMUNDA, "topic")).orElse(""),
        written));
    return props;
  }

  private void expansion(FlowElement node, List<String> ancestors, String prefix, List<String> upstream) {
    Element e = node.element();
    String called = e.getAttribute("calledElement");
    Map<String, String> props = structural(BpmnProperties.KIND_EXPANSION, node, ancestors, prefix, upstream);
    unknownProperties(e, Set.of(), "an expansion");
    if (called.isBlank() || AuthoredBpmn.isExpression(called)) {
      add(FindingCode.UNKNOWN_EXPANSION, e, "expansion '" + node.id() + "' must name the root jobnet it starts in"
          + " 'Called element' (calledElement), as a plain id" + (called.isBlank() ? "" : ", not an expression"));
    } else {
      props.put(BpmnProperties.EXPAND, called);
    }
    String binding = e.getAttributeNS(CAMUNDA, "calledElementBinding");
    if (binding.isEmpty()) {
      writer.setCamundaAttribute(e, "calledElementBinding", "latest");
    } else if (!binding.equals("latest")) {
      add(FindingCode.INVALID_VALUE, e, "expansion '" + node.id() + "' binds '" + binding + "'; an expansion starts the"
          + " newest deployed version of its root (Binding: latest), as expansions in YAML do");
    }
    writer.write(e, props);
    Element ext = XmlTree.children(e, BPMN, "extensionElements").get(0);
    List<Element> ins = XmlTree.children(ext, CAMUNDA, "in");
    if (ins.stream().noneMatch(i -> i.hasAttribute("businessKey"))) {
      tree.modified();
      Element in = tree.create(CAMUNDA, "camunda", "in");
      in.setAttributeNS(null, "businessKey", "#{execution.processBusinessKey}");
      writer.append(ext, in);
    }
    if (ins.stream().noneMatch(i -> "all".equals(i.getAttribute("variables")))) {
      tree.modified();
      Element in = tree.create(CAMUNDA, "camunda", "in");
      in.setAttributeNS(null, "variables", "all");
      writer.append(ext, in);
    }
  }

  /**
   * The jobnet properties written on {@code e}, each once; a derived one is accepted and replaced, one
   * that is neither derived nor in {@code settings} is reported with the closest name.
   */
  private Map<String, JobSettings.Written> unknownProperties(Element e, Set<String> settings, String what) {
    Map<String, JobSettings.Written> result = new LinkedHashMap<>();
    for (Element p : PropertyWriter.propertyElements(e)) {
      String name = p.getAttribute("name");
      if (!name.startsWith(BpmnProperties.PREFIX)) {
        continue;
      }
      boolean known = DERIVED.contains(name) || settings.contains(name)
          || settings.contains(BpmnProperties.COMMAND) && (name.startsWith(BpmnProperties.ENV_PREFIX)
              || name.startsWith(BpmnProperties.HTTP_HEADER_PREFIX));
      if (!known) {
        Set<String> candidates = new TreeSet<>(settings);
        add(FindingCode.UNKNOWN_KEY, p, "property '" + name + "' means nothing on " + what
            + (settings.isEmpty() ? " (its jobnet properties follow from the diagram; settings go on each job)"
                : Suggestions.didYouMean(name, candidates)));
        continue;
      }
      if (result.putIfAbsent(name, new JobSettings.Written(p.getAttribute("value"), p)) != null) {
        add(FindingCode.DUPLICATE_KEY, p, "property '" + name + "' is written twice on '" + e.getAttribute("id")
            + "'; keep one");
      }
    }
    return result;
  }

  // ---- helpers ----

  private static List<Element> eventDefinitions(Element event) {
    List<Element> result = new ArrayList<>();
    for (Element c : XmlTree.children(event)) {
      if (BPMN.equals(c.getNamespaceURI()) && c.getLocalName().endsWith("EventDefinition")) {
        result.add(c);
      }
    }
    return result;
  }

  private static String segment(String elementId) {
    return elementId.substring(elementId.lastIndexOf('.') + 1);
  }

  private static List<String> append(List<String> list, String item) {
    List<String> l = new ArrayList<>(list);
    l.add(item);
    return List.copyOf(l);
  }

  private void add(FindingCode code, Element at, String message) {
    report.add(code, at, message);
  }
}
