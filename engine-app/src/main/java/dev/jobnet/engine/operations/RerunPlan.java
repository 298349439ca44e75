package dev.jobnet.engine.operations;

import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.JobnetVariables;
import dev.jobnet.engine.semantics.NodeKind;
import dev.jobnet.engine.semantics.NodeStateTable;
import dev.jobnet.protocol.BpmnProperties;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Which states of an ended run a rerun carries over, and which it clears so that the nodes run again.
 * The new run walks its flow from the start; a node with a carried final state leaves its gate at once
 * (the jobs that SUCCEEDED are not run again and count as SUCCEEDED downstream), a node without one
 * runs as in any run.
 *
 * <p>What runs again ({@link #cleared}): the jobs the rerun starts from; everything downstream of them
 * in their jobnet; the jobnets around them (their outcome is decided again) with what follows each of
 * them, up to the root; and all that is inside those nodes, finally blocks included (a jobnet's finally
 * runs again at its new end). Inside that region a job or expansion that SUCCEEDED outside a finally
 * keeps its state. A job marked SUCCEEDED is carried as SUCCEEDED with the operator's reason, and what
 * follows it runs.
 */
final class RerunPlan {

  private final BpmnModelInstance model;
  private final Map<String, NodeStateTable.Row> old;
  private final Set<String> cleared = new LinkedHashSet<>();
  /**
   * Each node's sequence flows out and in, indexed once from their sourceRef and targetRef (a file need
   * not list a node's outgoing and incoming).
   */
  private final Map<FlowNode, List<SequenceFlow>> out = new HashMap<>();
  private final Map<FlowNode, List<SequenceFlow>> in = new HashMap<>();

  private RerunPlan(BpmnModelInstance model, Map<String, NodeStateTable.Row> old) {
    this.model = model;
    this.old = old;
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      out.computeIfAbsent(flow.getSource(), k -> new ArrayList<>()).add(flow);
      in.computeIfAbsent(flow.getTarget(), k -> new ArrayList<>()).add(flow);
    }
  }

  /**
   * The plan of a rerun.
   *
   * @param old the ended run's recorded states, by element id
   * @param rerunFrom the jobs (or expansions) that run again, with what follows them
   * @param marked the jobs marked SUCCEEDED: what follows them runs
   */
  static RerunPlan of(BpmnModelInstance model, Map<String, NodeStateTable.Row> old, Set<String> rerunFrom,
      Set<String> marked) {
    RerunPlan plan = new RerunPlan(model, old);
    for (String id : rerunFrom) {
      plan.clearFrom(node(model, id), true);
    }
    for (String id : marked) {
      plan.clearFrom(node(model, id), false);
    }
    return plan;
  }

  /**
   * How a rerun goes on inside a run that still runs: where its flow starts again, which waiting
   * tokens at joins it cancels and which flows into them it gives a token again.
   *
   * @param startBefore the node the flow starts before: the job rerun, or the outermost jobnet around
   *     it that has ended (its content runs again, what SUCCEEDED in it leaving at once); null for a
   *     job marked SUCCEEDED whose jobnet runs (then {@code startFlows} leave it)
   * @param cancelAt the joins after the start whose waiting tokens are cancelled
   * @param startFlows the flows that get a token: into those joins from nodes outside the rerun that
   *     had delivered theirs, and out of a job marked SUCCEEDED
   */
  record InPlace(String startBefore, List<String> cancelAt, List<String> startFlows) {}

  /**
   * The plan of a rerun in a run that still runs, from job {@code job} (run again, or {@code marked}
   * SUCCEEDED). {@code active} are the element ids with an activity or transition instance now.
   *
   * @throws IllegalStateException naming a node after the start that is active now: the rerun would
   *     run it twice
   */
  static RerunPlan inPlace(BpmnModelInstance model, Map<String, NodeStateTable.Row> old, String job, boolean marked,
      Set<String> active) {
    RerunPlan plan = new RerunPlan(model, old);
    FlowNode x = node(model, job);
    FlowNode start = x;
    for (ModelElementInstance up = x.getParentElement(); up instanceof SubProcess jobnet && !active.contains(jobnet.getId());
        up = jobnet.getParentElement()) {
      start = jobnet; // an ended jobnet around the job: it runs again from its start
    }
    boolean fromJob = start == x;
    Set<FlowNode> region = new LinkedHashSet<>(plan.downstream(start));
    if (!fromJob || !marked) {
      region.add(start);
    }
    for (FlowNode n : region) {
      if (active.contains(n.getId()) && !(n instanceof org.camunda.bpm.model.bpmn.instance.ParallelGateway)) {
        throw new IllegalStateException(n.getId());
      }
      plan.clearWithContent(n);
    }
    List<String> cancel = new ArrayList<>();
    List<String> flows = new ArrayList<>();
    for (FlowNode n : region) {
      if (n instanceof org.camunda.bpm.model.bpmn.instance.ParallelGateway join && plan.incoming(join).size() > 1) {
        if (active.contains(join.getId())) {
          cancel.add(join.getId());
        }
        for (SequenceFlow in : plan.incoming(join)) {
          FlowNode source = in.getSource();
          NodeStateTable.Row row = old.get(source.getId());
          boolean delivered = row != null && row.state().isFinal();
          boolean rerun = region.contains(source) || source.equals(x); // a marked job's token: startFlows
          if (!rerun && delivered && !active.contains(source.getId())) {
            flows.add(in.getId());
          }
        }
      }
    }
    if (fromJob && marked) {
      plan.outgoing(x).forEach(f -> flows.add(f.getId()));
    }
    plan.inPlace = new InPlace(fromJob && marked ? null : start.getId(), cancel, flows);
    return plan;
  }

  private InPlace inPlace;

  /** Where and how the flow goes on, for a plan made by {@link #inPlace}. */
  InPlace flow() {
    return inPlace;
  }

  private List<SequenceFlow> incoming(FlowNode node) {
    return in.getOrDefault(node, List.of());
  }

  private List<SequenceFlow> outgoing(FlowNode node) {
    return out.getOrDefault(node, List.of());
  }

  /** The element ids whose states are cleared: they are decided again. */
  Set<String> cleared() {
    return Set.copyOf(cleared);
  }

  /**
   * The rows to carry into the new run: every state of the old run but the run's own and those
   * cleared (a job that SUCCEEDED outside a finally is kept, saying so); the marked jobs SUCCEEDED with {@code
   * markReason}; a job run again as WAITING with the attempts it had ({@code attempts}), so that its
   * numbering goes on.
   */
  List<NodeStateTable.Row> carried(String oldRunId, Set<String> marked, String markReason, Set<String> rerunJobs,
      Map<String, Integer> attempts) {
    List<NodeStateTable.Row> rows = new ArrayList<>();
    for (NodeStateTable.Row row : old.values()) {
      String id = row.elementId();
      if (id.equals(JobnetVariables.PROCESS_ELEMENT) || row.state() == JobState.ON_HOLD) {
        continue;
      }
      if (marked.contains(id)) {
        rows.add(new NodeStateTable.Row(id, row.kind(), JobState.SUCCEEDED, markReason));
      } else if (!cleared.contains(id) || keeps(row)) {
        rows.add(row.state() == JobState.SUCCEEDED && row.reason() == null && row.kind() != NodeKind.JOBNET
            && row.kind() != NodeKind.FINALLY
            ? new NodeStateTable.Row(id, row.kind(), row.state(), "SUCCEEDED in run " + oldRunId + ": not run again")
            : row);
      } else if (rerunJobs.contains(id) && row.kind() == NodeKind.JOB && attempts.getOrDefault(id, 0) > 0) {
        rows.add(new NodeStateTable.Row(id, NodeKind.JOB, JobState.WAITING,
            JobnetVariables.RERUN_AFTER_ATTEMPT + attempts.get(id)));
      }
    }
    return rows;
  }

  /** The element ids that run again: those cleared, but a job or expansion that {@link #keeps} its state. */
  Set<String> runsAgain() {
    Set<String> again = new LinkedHashSet<>();
    for (String id : cleared) {
      NodeStateTable.Row row = old.get(id);
      if (row == null || !keeps(row)) {
        again.add(id);
      }
    }
    return again;
  }

  /** A job or expansion that SUCCEEDED outside a finally is not run again. */
  boolean keeps(NodeStateTable.Row row) {
    return row.state() == JobState.SUCCEEDED && (row.kind() == NodeKind.JOB || row.kind() == NodeKind.EXPANSION)
        && !inFinally(model.getModelElementById(row.elementId()));
  }

  private void clearFrom(FlowNode start, boolean withItself) {
    if (withItself) {
      clearWithContent(start);
    }
    downstream(start).forEach(this::clearWithContent);
    for (ModelElementInstance up = start.getParentElement(); up instanceof SubProcess jobnet;
        up = jobnet.getParentElement()) {
      clearWithContent(jobnet);
      downstream(jobnet).forEach(this::clearWithContent);
    }
  }

  /** Clears a node and, for a jobnet or finally, everything inside it. */
  private void clearWithContent(FlowNode node) {
    cleared.add(node.getId());
    if (node instanceof SubProcess sub) {
      for (FlowElement e : sub.getFlowElements()) {
        if (e instanceof FlowNode inner) {
          clearWithContent(inner);
        }
      }
    }
  }

  /** The nodes after {@code from} in its jobnet, following its sequence flows. */
  private Set<FlowNode> downstream(FlowNode from) {
    Set<FlowNode> seen = new LinkedHashSet<>();
    Deque<FlowNode> todo = new ArrayDeque<>();
    todo.add(from);
    while (!todo.isEmpty()) {
      for (SequenceFlow flow : outgoing(todo.poll())) {
        FlowNode target = flow.getTarget();
        if (seen.add(target)) {
          todo.add(target);
        }
      }
    }
    return seen;
  }

  private static boolean inFinally(ModelElementInstance element) {
    for (ModelElementInstance e = element == null ? null : element.getParentElement(); e instanceof SubProcess s;
        e = s.getParentElement()) {
      if (NodeKind.FINALLY.property().equals(ExtensionProperties.of(s).get(BpmnProperties.KIND))) {
        return true;
      }
    }
    return false;
  }

  private static FlowNode node(BpmnModelInstance model, String id) {
    if (model.getModelElementById(id) instanceof FlowNode n) {
      return n;
    }
    throw new IllegalArgumentException("no flow node " + id);
  }
}
