package dev.jobnet.converter.authored;

import static dev.jobnet.converter.authored.AuthoredBpmn.BPMN;
import static dev.jobnet.converter.authored.AuthoredBpmn.CAMUNDA;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Findings;
import dev.jobnet.converter.Suggestions;
import dev.jobnet.converter.model.Location;
import dev.jobnet.converter.model.RetrySettings;
import dev.jobnet.converter.plan.PlanBuilder;
import dev.jobnet.converter.yaml.CronExpressions;
import dev.jobnet.converter.yaml.Durations;
import dev.jobnet.converter.yaml.IdRule;
import dev.jobnet.converter.yaml.JobnetYamlReader;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.RetryPolicy;
import dev.jobnet.protocol.Topics;
import java.time.Duration;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks one executable jobnet process of a BPMN file and writes its jobnet properties again from the
 * diagram ({@code docs/bpmn-mapping.md}, {@code docs/modeler.md}): what is derived (kind, id, path,
 * ancestors, upstream, server, expanded root, schedule) replaces what the file says, settings are
 * checked with the rules of the YAML and written resolved, and parallel joins become asynchronous.
 */
final class JobnetProcessCheck {

  /** What a flow element is to the jobnet. */
  private enum Type { START, END, GATEWAY, JOB, JOBNET, FINALLY, EXPANSION, OTHER }

  private record FlowElement(Element element, String id, Type type) {
    boolean isJobnetNode() {
      return type == Type.JOB || type == Type.JOBNET || type == Type.EXPANSION;
    }
  }

  /** A property as written, with its element for locating findings. */
  private record Written(String value, Element element) {}

  private static final Set<String> IGNORED = Set.of("documentation", "extensionElements", "laneSet", "textAnnotation",
      "association", "group", "dataObject", "dataObjectReference", "dataStoreReference", "incoming", "outgoing",
      "multiInstanceLoopCharacteristics", "standardLoopCharacteristics", "sequenceFlow");

  private static final Set<String> DERIVED = Set.of(BpmnProperties.KIND, BpmnProperties.ID, BpmnProperties.PATH,
      BpmnProperties.ANCESTORS, BpmnProperties.UPSTREAM, BpmnProperties.SERVER, BpmnProperties.EXPAND,
      BpmnProperties.SCHEDULE);

  /**
   * The one-field form of a job's environment the Modeler template edits: {@code NAME=value} entries
   * separated by {@code ;} or line breaks.
   */
  static final String ENV_LINES = "jobnet.env";

  private static final Set<String> JOB_SETTINGS = Set.of(BpmnProperties.COMMAND, BpmnProperties.TIMEOUT,
      BpmnProperties.WORKDIR, BpmnProperties.RETRIES, BpmnProperties.BACKOFF, BpmnProperties.BACKOFF_FACTOR,
      BpmnProperties.MAX_BACKOFF, BpmnProperties.JITTER, ENV_LINES);

  private final String file;
  private final XmlTree tree;
  private final Element process;
  private final Findings findings;

  JobnetProcessCheck(String file, XmlTree tree, Element process, Findings findings) {
    this.file = file;
    this.tree = tree;
    this.process = process;
    this.findings = findings;
  }

  void check() {
    String key = process.getAttribute("id");
    IdRule.problem(key).ifPresent(p -> add(FindingCode.INVALID_ID, process, "root jobnet id '" + key
        + "' (the process id) is not allowed: " + p));
    unknownProperties(process, Set.of(), "a process");
    Optional<String> schedule = container(process, List.of(key), true);
    Map<String, String> props = new LinkedHashMap<>();
    props.put(BpmnProperties.KIND, BpmnProperties.KIND_ROOT);
    props.put(BpmnProperties.ID, key);
    schedule.ifPresent(s -> props.put(BpmnProperties.SCHEDULE, s));
    writeProperties(process, props);
    if (!process.hasAttributeNS(CAMUNDA, "historyTimeToLive")) {
      setCamundaAttribute(process, "historyTimeToLive", PlanBuilder.DEFAULT_HISTORY_TIME_TO_LIVE_DAYS);
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
            setCamundaAttribute(e, "asyncBefore", "true");
          }
        }
        case JOB -> writeProperties(e, jobProperties(node, ancestors, prefix, upstream(i, nodes, in)));
        case EXPANSION -> expansion(node, ancestors, prefix, upstream(i, nodes, in));
        case JOBNET -> {
          String segment = segment(node.id());
          List<String> inner = append(ancestors, segment);
          container(e, inner, false);
          Map<String, String> props = structural(BpmnProperties.KIND_JOBNET, node, ancestors, prefix,
              upstream(i, nodes, in));
          unknownProperties(e, Set.of(), "a nested jobnet");
          writeProperties(e, props);
        }
        case FINALLY -> {
          List<String> inner = append(ancestors, JobnetYamlReader.RESERVED_JOB_ID);
          container(e, inner, false);
          Map<String, String> props = new LinkedHashMap<>();
          props.put(BpmnProperties.KIND, BpmnProperties.KIND_FINALLY);
          props.put(BpmnProperties.PATH, prefix + "/" + JobnetYamlReader.RESERVED_JOB_ID);
          unknownProperties(e, Set.of(), "a finally");
          writeProperties(e, props);
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
    String kind = properties(e).getOrDefault(BpmnProperties.KIND, "");
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
    if (!JobnetYamlReader.SERVER.matcher(server).matches()) {
      add(FindingCode.INVALID_SERVER, e, "server '" + server + "' of job '" + id + "' (topic " + topic
          + ") is not allowed; use letters, digits, '.', '_' and '-', at most 64 characters");
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
    Map<String, Written> written = new LinkedHashMap<>(unknownProperties(e, JOB_SETTINGS, "a job"));
    // A field of the template left empty is a setting not given: the built-in value applies.
    written.entrySet().removeIf(w -> JOB_SETTINGS.contains(w.getKey()) && !w.getKey().equals(BpmnProperties.COMMAND)
        && w.getValue().value().isBlank());
    Written command = written.get(BpmnProperties.COMMAND);
    if (command == null || command.value().isBlank()) {
      add(FindingCode.EMPTY_COMMAND, command == null ? e : command.element(), "job '" + node.id() + "' has no command;"
          + " set the property jobnet.command (the 'Command' field of the 'Jobnet job' template)");
    } else {
      props.put(BpmnProperties.COMMAND, command.value());
    }
    props.put(BpmnProperties.SERVER, Topics.serverOf(e.getAttributeNS(CAMUNDA, "topic")).orElse(""));
    Written timeout = written.get(BpmnProperties.TIMEOUT);
    if (timeout != null) {
      duration(timeout, "jobnet.timeout", false).ifPresent(d -> props.put(BpmnProperties.TIMEOUT, d.toString()));
    }
    retry(written, node).ifPresent(r -> {
      props.put(BpmnProperties.RETRIES, Integer.toString(r.retries()));
      props.put(BpmnProperties.BACKOFF, r.backoff().toString());
      props.put(BpmnProperties.BACKOFF_FACTOR, Double.toString(r.factor()));
      props.put(BpmnProperties.MAX_BACKOFF, r.maxBackoff().toString());
      props.put(BpmnProperties.JITTER, Double.toString(r.jitter()));
    });
    Written workdir = written.get(BpmnProperties.WORKDIR);
    if (workdir != null) {
      props.put(BpmnProperties.WORKDIR, workdir.value());
    }
    env(written).forEach((name, value) -> props.put(BpmnProperties.env(name), value));
    Written lines = written.get(ENV_LINES);
    if (lines != null) {
      props.put(ENV_LINES, lines.value());
    }
    return props;
  }

  private Optional<RetryPolicy> retry(Map<String, Written> written, FlowElement node) {
    RetryPolicy d = RetryPolicy.DEFAULT;
    boolean ok = true;
    int retries = d.retries();
    Written r = written.get(BpmnProperties.RETRIES);
    if (r != null) {
      try {
        retries = Integer.parseInt(r.value().strip());
        ok = retries >= 0 && retries <= RetrySettings.MAX_RETRIES;
      } catch (NumberFormatException e) {
        ok = false;
      }
      if (!ok) {
        add(FindingCode.INVALID_RETRY, r.element(), "jobnet.retries of '" + node.id() + "' must be a whole number from 0"
            + " (never run again) to " + RetrySettings.MAX_RETRIES + ", found '" + r.value() + "'");
      }
    }
    Optional<Duration> backoff = optionalDuration(written.get(BpmnProperties.BACKOFF), "jobnet.backoff", d.backoff());
    Optional<Duration> max = optionalDuration(written.get(BpmnProperties.MAX_BACKOFF), "jobnet.maxBackoff",
        d.maxBackoff());
    if (backoff.isPresent() && max.isPresent() && max.get().compareTo(backoff.get()) < 0) {
      add(FindingCode.INVALID_RETRY, written.get(BpmnProperties.MAX_BACKOFF) != null
          ? written.get(BpmnProperties.MAX_BACKOFF).element() : node.element(), "jobnet.maxBackoff "
          + Durations.format(max.get()) + " of '" + node.id() + "' is shorter than jobnet.backoff "
          + Durations.format(backoff.get()) + "; the cap must be at least the first wait");
      ok = false;
    }
    Optional<Double> factor = number(written.get(BpmnProperties.BACKOFF_FACTOR), d.factor(), 1.0, 100.0,
        "jobnet.backoffFactor must be a number from 1 (constant backoff) to 100");
    Optional<Double> jitter = number(written.get(BpmnProperties.JITTER), d.jitter(), 0.0, 1.0,
        "jobnet.jitter must be a fraction from 0 to 1 (0.2 spreads each wait by plus or minus 20 %)");
    if (!ok || backoff.isEmpty() || max.isEmpty() || factor.isEmpty() || jitter.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RetryPolicy(retries, backoff.get(), factor.get(), max.get(), jitter.get()));
  }

  private Optional<Duration> optionalDuration(Written w, String name, Duration fallback) {
    return w == null ? Optional.of(fallback) : duration(w, name, true);
  }

  private Optional<Duration> duration(Written w, String name, boolean zeroAllowed) {
    Optional<Duration> d = Durations.parse(w.value());
    if (d.isEmpty() || d.get().isNegative() || !zeroAllowed && d.get().isZero()) {
      add(FindingCode.INVALID_DURATION, w.element(), name + " '" + w.value() + "' is not a duration"
          + (zeroAllowed ? "" : " longer than zero") + "; write it as 30s, 10m, 2h, 1h30m or ISO-8601 (PT2H)");
      return Optional.empty();
    }
    return d;
  }

  private Optional<Double> number(Written w, double fallback, double min, double max, String rule) {
    if (w == null) {
      return Optional.of(fallback);
    }
    try {
      double v = Double.parseDouble(w.value().strip());
      if (v >= min && v <= max) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    add(FindingCode.INVALID_RETRY, w.element(), rule + ", found '" + w.value() + "'");
    return Optional.empty();
  }

  /** The environment from jobnet.env.NAME properties and the entries of jobnet.env, names checked. */
  private Map<String, String> env(Map<String, Written> written) {
    Map<String, String> env = new TreeMap<>();
    Map<String, Element> from = new HashMap<>();
    for (Map.Entry<String, Written> p : written.entrySet()) {
      if (p.getKey().startsWith(BpmnProperties.ENV_PREFIX)) {
        String name = p.getKey().substring(BpmnProperties.ENV_PREFIX.length());
        if (envName(name, p.getValue().element())) {
          env.put(name, p.getValue().value());
          from.put(name, p.getValue().element());
        }
      }
    }
    Written lines = written.get(ENV_LINES);
    if (lines != null) {
      for (String line : lines.value().split("\\R|;")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int eq = l.indexOf('=');
        if (eq <= 0) {
          add(FindingCode.INVALID_VALUE, lines.element(), "jobnet.env entry '" + l + "' is not NAME=value; write"
              + " variables as NAME=value separated by ';', such as LANG=C.UTF-8;MODE=full");
          continue;
        }
        String name = l.substring(0, eq).strip();
        String value = l.substring(eq + 1);
        if (!envName(name, lines.element())) {
          continue;
        }
        String before = env.put(name, value);
        if (before != null && !before.equals(value) || from.containsKey(name) && !written.get(BpmnProperties.env(name))
            .value().equals(value)) {
          add(FindingCode.DUPLICATE_KEY, lines.element(), "environment variable " + name + " is given twice with"
              + " different values; keep one");
        }
        from.putIfAbsent(name, lines.element());
      }
    }
    return env;
  }

  private boolean envName(String name, Element at) {
    if (!JobnetYamlReader.ENV_NAME.matcher(name).matches()) {
      add(FindingCode.INVALID_VALUE, at, "environment variable name '" + name + "' is not allowed; use letters, digits"
          + " and '_', not starting with a digit");
      return false;
    }
    if (name.startsWith("MM_") || name.startsWith("JOBNET_")) {
      add(FindingCode.INVALID_VALUE, at, "environment variable '" + name + "' is reserved: MM_* and JOBNET_* are set by"
          + " the scheduler; choose another name");
      return false;
    }
    return true;
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
      setCamundaAttribute(e, "calledElementBinding", "latest");
    } else if (!binding.equals("latest")) {
      add(FindingCode.INVALID_VALUE, e, "expansion '" + node.id() + "' binds '" + binding + "'; an expansion starts the"
          + " newest deployed version of its root (Binding: latest), as expansions in YAML do");
    }
    writeProperties(e, props);
    Element ext = XmlTree.children(e, BPMN, "extensionElements").get(0);
    List<Element> ins = XmlTree.children(ext, CAMUNDA, "in");
    if (ins.stream().noneMatch(i -> i.hasAttribute("businessKey"))) {
      tree.modified();
      Element in = tree.create(CAMUNDA, "camunda", "in");
      in.setAttributeNS(null, "businessKey", "#{execution.processBusinessKey}");
      append(ext, in, depth(ext) + 1);
    }
    if (ins.stream().noneMatch(i -> "all".equals(i.getAttribute("variables")))) {
      tree.modified();
      Element in = tree.create(CAMUNDA, "camunda", "in");
      in.setAttributeNS(null, "variables", "all");
      append(ext, in, depth(ext) + 1);
    }
  }

  /**
   * The jobnet properties written on {@code e}, each once; a derived one is accepted and replaced, one
   * that is neither derived nor in {@code settings} is reported with the closest name.
   */
  private Map<String, Written> unknownProperties(Element e, Set<String> settings, String what) {
    Map<String, Written> result = new LinkedHashMap<>();
    for (Element p : propertyElements(e)) {
      String name = p.getAttribute("name");
      if (!name.startsWith(BpmnProperties.PREFIX)) {
        continue;
      }
      boolean known = DERIVED.contains(name) || settings.contains(name)
          || settings.contains(BpmnProperties.COMMAND) && name.startsWith(BpmnProperties.ENV_PREFIX);
      if (!known) {
        Set<String> candidates = new TreeSet<>(settings);
        add(FindingCode.UNKNOWN_KEY, p, "property '" + name + "' means nothing on " + what
            + (settings.isEmpty() ? " (its jobnet properties follow from the diagram; settings go on each job)"
                : Suggestions.didYouMean(name, candidates)));
        continue;
      }
      if (result.putIfAbsent(name, new Written(p.getAttribute("value"), p)) != null) {
        add(FindingCode.DUPLICATE_KEY, p, "property '" + name + "' is written twice on '" + e.getAttribute("id")
            + "'; keep one");
      }
    }
    return result;
  }

  /** The jobnet properties of an element as written (the last of a name wins), for {@link AuthoredBpmn}. */
  static Map<String, String> properties(Element e) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Element p : propertyElements(e)) {
      result.put(p.getAttribute("name"), p.getAttribute("value"));
    }
    return result;
  }

  private static List<Element> propertyElements(Element e) {
    List<Element> result = new ArrayList<>();
    for (Element ext : XmlTree.children(e, BPMN, "extensionElements")) {
      for (Element props : XmlTree.children(ext, CAMUNDA, "properties")) {
        result.addAll(XmlTree.children(props, CAMUNDA, "property"));
      }
    }
    return result;
  }

  /**
   * Replaces the {@code jobnet.*} properties of {@code e} by {@code props} (in that order), keeping its other
   * properties after them, in one {@code camunda:properties} first in its extension elements.
   */
  private void writeProperties(Element e, Map<String, String> props) {
    if (hasExactly(e, props)) {
      return;
    }
    tree.modified();
    int depth = depth(e);
    List<Element> exts = XmlTree.children(e, BPMN, "extensionElements");
    Element ext;
    if (exts.isEmpty()) {
      ext = tree.create(BPMN, "bpmn", "extensionElements");
      // After the documentation, which BPMN's schema puts first.
      Node ref = null;
      for (Element c : XmlTree.children(e)) {
        if (!(BPMN.equals(c.getNamespaceURI()) && c.getLocalName().equals("documentation"))) {
          ref = c;
          break;
        }
      }
      insert(e, ext, ref, depth + 1);
    } else {
      ext = exts.get(0);
    }
    List<Element> kept = new ArrayList<>();
    for (Element ps : XmlTree.children(ext, CAMUNDA, "properties")) {
      for (Element p : XmlTree.children(ps, CAMUNDA, "property")) {
        if (!p.getAttribute("name").startsWith(BpmnProperties.PREFIX)) {
          kept.add(p);
        }
      }
      remove(ps);
    }
    Element ps = tree.create(CAMUNDA, "camunda", "properties");
    for (Map.Entry<String, String> prop : props.entrySet()) {
      Element p = tree.create(CAMUNDA, "camunda", "property");
      p.setAttributeNS(null, "name", prop.getKey());
      p.setAttributeNS(null, "value", prop.getValue());
      append(ps, p, depth + 3);
    }
    for (Element p : kept) {
      p.getParentNode().removeChild(p);
      append(ps, p, depth + 3);
    }
    List<Element> extChildren = XmlTree.children(ext);
    insert(ext, ps, extChildren.isEmpty() ? null : extChildren.get(0), depth + 2);
  }

  /**
   * Whether {@code e} already holds just these jobnet properties, in this order, first in its one
   * {@code camunda:properties}: then nothing is written again.
   */
  private static boolean hasExactly(Element e, Map<String, String> props) {
    List<Element> exts = XmlTree.children(e, BPMN, "extensionElements");
    if (exts.size() != 1) {
      return false;
    }
    List<Element> extChildren = XmlTree.children(exts.get(0));
    List<Element> all = XmlTree.children(exts.get(0), CAMUNDA, "properties");
    if (all.size() != 1 || extChildren.get(0) != all.get(0)) {
      return false;
    }
    List<Element> written = XmlTree.children(all.get(0), CAMUNDA, "property");
    int i = 0;
    for (Map.Entry<String, String> p : props.entrySet()) {
      if (i >= written.size() || !written.get(i).getAttribute("name").equals(p.getKey())
          || !written.get(i).getAttribute("value").equals(p.getValue())) {
        return false;
      }
      i++;
    }
    for (; i < written.size(); i++) {
      if (written.get(i).getAttribute("name").startsWith(BpmnProperties.PREFIX)) {
        return false;
      }
    }
    return true;
  }

  private void setCamundaAttribute(Element e, String name, String value) {
    if (value.equals(e.getAttributeNS(CAMUNDA, name))) {
      return;
    }
    tree.modified();
    String prefix = tree.prefixFor(CAMUNDA, "camunda");
    e.setAttributeNS(CAMUNDA, prefix.isEmpty() ? name : prefix + ":" + name, value);
  }

  // ---- indentation of what is added, as Modeler indents: two spaces a level ----

  private static int depth(Element e) {
    int d = 0;
    for (Node p = e.getParentNode(); p instanceof Element; p = p.getParentNode()) {
      d++;
    }
    return d;
  }

  /** Inserts {@code child} on a line of its own before {@code ref} (null: last). */
  private void insert(Element parent, Element child, Node ref, int depth) {
    Node before = ref;
    if (before == null) {
      Node last = parent.getLastChild();
      before = isIndent(last) ? last : null;
    } else if (isIndent(before.getPreviousSibling())) {
      before = before.getPreviousSibling();
    }
    parent.insertBefore(tree.document().createTextNode("\n" + "  ".repeat(depth)), before);
    parent.insertBefore(child, before);
    if (!isIndent(parent.getLastChild())) {
      parent.appendChild(tree.document().createTextNode("\n" + "  ".repeat(depth - 1)));
    }
  }

  private void append(Element parent, Element child, int depth) {
    insert(parent, child, null, depth);
  }

  private static void remove(Element e) {
    Node parent = e.getParentNode();
    if (isIndent(e.getPreviousSibling())) {
      parent.removeChild(e.getPreviousSibling());
    }
    parent.removeChild(e);
  }

  private static boolean isIndent(Node n) {
    return n != null && n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank();
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
    findings.add(code, new Location(file, tree.line(at), tree.column(at)), message);
  }
}
