package dev.jobnet.converter.plan;

import dev.jobnet.converter.model.Job;
import dev.jobnet.converter.model.JobnetBody;
import dev.jobnet.converter.model.RootJobnet;
import dev.jobnet.converter.model.ScheduleSpec;
import dev.jobnet.converter.model.Settings;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.RetryPolicy;
import dev.jobnet.protocol.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Set;

/**
 * Maps a valid root jobnet onto BPMN flow nodes (see {@code docs/bpmn-mapping.md}).
 *
 * <p>Element ids are the job's path of ids joined with '.', so they are unique in the process and
 * readable in Cockpit ({@code archive.pack}). Elements the converter adds have a segment starting
 * with '_', which job ids cannot: {@code _start}, {@code archive._finally}, {@code load._join}.
 */
public final class PlanBuilder {

  /** Days Camunda keeps the history of a finished run unless the engine configures otherwise. */
  public static final String DEFAULT_HISTORY_TIME_TO_LIVE_DAYS = "30";

  public ProcessPlan build(RootJobnet root) {
    var state = new ProcessState();
    Settings rootSettings = root.effectiveSettings();
    // a scheduled root is started by the engine app's scheduler (both forms), so its start event is plain
    Container container = state.body(root.id(), root.body(), "", rootSettings, List.of(root.id()));
    Map<String, String> props = new LinkedHashMap<>();
    props.put(BpmnProperties.KIND, BpmnProperties.KIND_ROOT);
    props.put(BpmnProperties.ID, root.id());
    root.schedule().ifPresent(s -> props.putAll(scheduleProperties(s)));
    return new ProcessPlan(root.id(), root.displayName(), DEFAULT_HISTORY_TIME_TO_LIVE_DAYS, props, container);
  }

  /**
   * The schedule's properties on the process: the cron and every rule of it, the defaults written out for
   * the short form, so that the BPMN says how it is scheduled.
   */
  private static Map<String, String> scheduleProperties(ScheduleSpec s) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(BpmnProperties.SCHEDULE, s.cron());
    props.put(BpmnProperties.SCHEDULE_SCHEDULER, "true");
    s.timezone().ifPresent(z -> props.put(BpmnProperties.SCHEDULE_TIMEZONE, z));
    s.calendar().ifPresent(c -> {
      props.put(BpmnProperties.SCHEDULE_CALENDAR, c.name());
      props.put(BpmnProperties.SCHEDULE_WEEKDAYS, c.weekdays().stream().sorted().map(Enum::name)
          .collect(Collectors.joining(",")));
      if (!c.holidays().isEmpty()) {
        props.put(BpmnProperties.SCHEDULE_HOLIDAYS, c.holidays().stream().map(Object::toString)
            .collect(Collectors.joining(",")));
      }
    });
    props.put(BpmnProperties.SCHEDULE_ON_CLOSED_DAY, s.onClosedDay().yaml());
    props.put(BpmnProperties.SCHEDULE_MISSED, s.missed().yaml());
    props.put(BpmnProperties.SCHEDULE_OVERLAP, s.overlap().yaml());
    return props;
  }

  /** Builds the containers of one process; numbers its flows. */
  private static final class ProcessState {
    private int flowCounter;

    Container body(String containerId, JobnetBody body, String prefix, Settings inherited, List<String> ancestors) {
      Settings here = body.settings().inheritFrom(inherited);
      var c = new ContainerBuilder(containerId);
      int entry = c.add(new FlowNode(prefix + "_start", FlowNodeType.START, null, Map.of(), null, null, null));
      List<Job> jobs = body.jobs();
      int n = jobs.size();
      List<List<Integer>> successors = successors(body);
      List<List<Integer>> predecessors = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        predecessors.add(new ArrayList<>());
      }
      for (int i = 0; i < n; i++) {
        for (int s : successors.get(i)) {
          predecessors.get(s).add(i);
        }
      }
      int[] node = new int[n];
      int[] inTarget = new int[n];
      int[] outSource = new int[n];
      for (int i = 0; i < n; i++) {
        Job job = jobs.get(i);
        List<String> upstream = new ArrayList<>();
        predecessors.get(i).forEach(p -> upstream.add(prefix + jobs.get(p).id()));
        if (predecessors.get(i).size() > 1) {
          inTarget[i] = c.add(new FlowNode(prefix + job.id() + "._join", FlowNodeType.PARALLEL_JOIN, null, Map.of(),
              null, null, null));
        }
        node[i] = c.add(jobNode(job, prefix, here, ancestors, upstream));
        if (predecessors.get(i).size() > 1) {
          c.flow(inTarget[i], node[i]);
        } else {
          inTarget[i] = node[i];
        }
        if (successors.get(i).size() > 1) {
          outSource[i] = c.add(new FlowNode(prefix + job.id() + "._fork", FlowNodeType.PARALLEL_FORK, null, Map.of(),
              null, null, null));
          c.flow(node[i], outSource[i]);
        } else {
          outSource[i] = node[i];
        }
      }
      for (int i = 0; i < n; i++) {
        for (int s : successors.get(i)) {
          c.flow(outSource[i], inTarget[s]);
        }
      }
      List<Integer> sources = new ArrayList<>();
      List<Integer> sinks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (predecessors.get(i).isEmpty()) {
          sources.add(i);
        }
        if (successors.get(i).isEmpty()) {
          sinks.add(i);
        }
      }
      if (sources.size() > 1) {
        int fork = c.add(new FlowNode(prefix + "_fork", FlowNodeType.PARALLEL_FORK, null, Map.of(), null, null, null));
        c.flow(entry, fork);
        sources.forEach(s -> c.flow(fork, inTarget[s]));
      } else {
        int from = entry;
        sources.forEach(s -> c.flow(from, inTarget[s]));
      }
      int exit;
      if (sinks.size() > 1) {
        exit = c.add(new FlowNode(prefix + "_join", FlowNodeType.PARALLEL_JOIN, null, Map.of(), null, null, null));
        sinks.forEach(s -> c.flow(outSource[s], exit));
      } else {
        exit = outSource[sinks.get(0)];
      }
      int last = exit;
      if (body.finallyBody().isPresent()) {
        String finId = prefix + "_finally";
        List<String> finAncestors = append(ancestors, "finally");
        Container child = body(finId, body.finallyBody().get(), finId + ".", here, finAncestors);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(BpmnProperties.KIND, BpmnProperties.KIND_FINALLY);
        props.put(BpmnProperties.PATH, path(finAncestors));
        last = c.add(new FlowNode(finId, FlowNodeType.SUB_PROCESS, "finally", props, child, null, null));
        c.flow(exit, last);
      }
      int end = c.add(new FlowNode(prefix + "_end", FlowNodeType.END, null, Map.of(), null, null, null));
      c.flow(last, end);
      return c.build();
    }

    /** What every job an agent runs carries: its server, its timeout and its retry policy. */
    private static void agentSettings(Settings s, Map<String, String> props) {
      props.put(BpmnProperties.SERVER, s.server());
      if (s.timeout() != null) {
        props.put(BpmnProperties.TIMEOUT, s.timeout().toString());
      }
      RetryPolicy retry = s.retry().resolve();
      props.put(BpmnProperties.RETRIES, Integer.toString(retry.retries()));
      props.put(BpmnProperties.BACKOFF, retry.backoff().toString());
      props.put(BpmnProperties.BACKOFF_FACTOR, Double.toString(retry.factor()));
      props.put(BpmnProperties.MAX_BACKOFF, retry.maxBackoff().toString());
      props.put(BpmnProperties.JITTER, Double.toString(retry.jitter()));
    }

    private FlowNode jobNode(Job job, String prefix, Settings here, List<String> ancestors, List<String> upstream) {
      String id = prefix + job.id();
      Map<String, String> props = new LinkedHashMap<>();
      Job.Action action = job.action();
      props.put(BpmnProperties.KIND,
          action instanceof Job.Run || action instanceof Job.Http ? BpmnProperties.KIND_JOB
          : action instanceof Job.Nested ? BpmnProperties.KIND_JOBNET : BpmnProperties.KIND_EXPANSION);
      props.put(BpmnProperties.ID, job.id());
      props.put(BpmnProperties.PATH, path(append(ancestors, job.id())));
      props.put(BpmnProperties.ANCESTORS, String.join(BpmnProperties.ANCESTORS_SEPARATOR, ancestors));
      if (!upstream.isEmpty()) {
        props.put(BpmnProperties.UPSTREAM, String.join(BpmnProperties.UPSTREAM_SEPARATOR, upstream));
      }
      Settings s = job.settings().inheritFrom(here);
      if (action instanceof Job.Http http) {
        props.put(BpmnProperties.HTTP_URL, http.url());
        props.put(BpmnProperties.HTTP_METHOD, http.method());
        http.headers().forEach((k, v) -> props.put(BpmnProperties.HTTP_HEADER_PREFIX + k, v));
        if (http.bodyJson() != null) {
          props.put(BpmnProperties.HTTP_BODY, http.bodyJson());
        }
        if (http.callback()) {
          props.put(BpmnProperties.HTTP_CALLBACK, "true");
        }
        agentSettings(s, props);
        return new FlowNode(id, FlowNodeType.SERVICE_TASK, job.displayName(), props, null, Topics.of(s.server()),
            http.method() + " " + http.url());
      }
      if (action instanceof Job.Run r) {
        props.put(BpmnProperties.COMMAND, r.command());
        agentSettings(s, props);
        if (s.workdir() != null) {
          props.put(BpmnProperties.WORKDIR, s.workdir());
        }
        s.env().forEach((k, v) -> props.put(BpmnProperties.env(k), v));
        return new FlowNode(id, FlowNodeType.SERVICE_TASK, job.displayName(), props, null, Topics.of(s.server()),
            r.command());
      }
      if (action instanceof Job.Nested nb) {
        Container child = body(id, nb.body(), id + ".", s, append(ancestors, job.id()));
        return new FlowNode(id, FlowNodeType.SUB_PROCESS, job.displayName(), props, child, null, null);
      }
      Job.Expand e = (Job.Expand) action;
      props.put(BpmnProperties.EXPAND, e.root().id());
      return new FlowNode(id, FlowNodeType.CALL_ACTIVITY, job.displayName(), props, null, e.root().id(), null);
    }

    /** The successors of each job: its 'next' (known ids, once each), or the written order. */
    private static List<List<Integer>> successors(JobnetBody body) {
      List<Job> jobs = body.jobs();
      List<List<Integer>> result = new ArrayList<>();
      if (body.isSequential()) {
        for (int i = 0; i < jobs.size(); i++) {
          result.add(i + 1 < jobs.size() ? List.of(i + 1) : List.of());
        }
        return result;
      }
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < jobs.size(); i++) {
        index.putIfAbsent(jobs.get(i).id(), i);
      }
      for (Job job : jobs) {
        Set<Integer> out = new LinkedHashSet<>();
        for (Job.Ref ref : job.next()) {
          Integer t = index.get(ref.id());
          if (t != null) {
            out.add(t);
          }
        }
        result.add(List.copyOf(out));
      }
      return result;
    }

    private static List<String> append(List<String> list, String item) {
      List<String> l = new ArrayList<>(list);
      l.add(item);
      return List.copyOf(l);
    }

    private static String path(List<String> ids) {
      return "/" + String.join("/", ids);
    }

    /** Collects one container's nodes and flows. */
    private final class ContainerBuilder {
      private final String id;
      private final List<FlowNode> nodes = new ArrayList<>();
      private final List<Flow> flows = new ArrayList<>();

      ContainerBuilder(String id) {
        this.id = id;
      }

      int add(FlowNode node) {
        nodes.add(node);
        return nodes.size() - 1;
      }

      void flow(int source, int target) {
        flows.add(new Flow("_flow_" + (++flowCounter), source, target));
      }

      Container build() {
        return new Container(id, nodes, flows);
      }
    }
  }
}
