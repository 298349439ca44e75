package dev.jobnet.engine.operations;

import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.semantics.DuplicateRunException;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.JobnetVariables;
import dev.jobnet.engine.semantics.NodeKind;
import dev.jobnet.engine.semantics.NodeStateTable;
import dev.jobnet.engine.semantics.RunControl;
import dev.jobnet.engine.semantics.RunState;
import dev.jobnet.protocol.ProcessVariables;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceModificationBuilder;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rerun and mark SUCCEEDED, on an ended root run ({@code docs/operations.md}): a new run of the same
 * definition, business key and start parameters, linked to the old one both ways ({@link
 * JobnetVariables#RERUN_OF}; the run tree shows both), that carries the old run's states over
 * ({@link RerunPlan}): what SUCCEEDED does not run again, the job rerun (or what follows a job marked
 * SUCCEEDED) runs, and so does everything that depends on it, with the jobnets' finally blocks; the
 * new run's outcome, events and end mail follow its own end. Rerunning a whole run reruns its FAILED
 * and STOPPED jobs and what was skipped because of them or of its stop.
 *
 * <p>The states are written, and the new run started, in one transaction: the new run adopts them
 * as it starts, before its flow reaches a gate.
 */
@Service
public class Reruns {

  private static final Logger LOG = LoggerFactory.getLogger(Reruns.class);
  private static final String ATTEMPTS_SQL = "SELECT element_id, details FROM jobnet_event"
      + " WHERE root_run_id = ? AND run_id = ? AND kind = 'JOB_STARTED'";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final RuntimeService runtime;
  private final HistoryService history;
  private final RepositoryService repository;
  private final OperatorActions actions;
  private final EventLog events;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final RunControl control;
  private final ProcessEngine engine;

  Reruns(ProcessEngine engine, OperatorActions actions, EventLog events, JdbcTemplate jdbc,
      TransactionTemplate transaction, Clock clock, RunControl control) {
    this.engine = engine;
    this.control = control;
    this.runtime = engine.getRuntimeService();
    this.history = engine.getHistoryService();
    this.repository = engine.getRepositoryService();
    this.actions = actions;
    this.events = events;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** What a rerun did: the new run that carries on, the old one, and where it starts again. */
  public record Rerun(String runId, String rerunOf, List<String> from, String by, Instant at) {

    Map<String, Object> answer() {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("runId", runId);
      a.put("rerunOf", rerunOf);
      a.put("from", from);
      a.put("by", by);
      a.put("at", at.toString());
      return a;
    }
  }

  /**
   * Reruns a run from one of its FAILED, STOPPED or SKIPPED jobs (or expansions): in the run while it
   * runs; else in a new run of its root ({@link #throughExpansions}).
   */
  public Rerun rerunNode(String runId, String elementId, String reason, String user) {
    HoldsAndSkips.requireReason(reason, "rerun");
    Ended run = looked(runId, true);
    NodeStateTable.Row row = run.states().get(elementId);
    requireNode(run, elementId);
    if (row == null || !(row.state() == JobState.FAILED || row.state() == JobState.STOPPED
        || row.state() == JobState.SKIPPED)) {
      String state = row == null ? JobState.WAITING.name() : row.state().name();
      throw OperationsException.conflict("NOT_RERUNNABLE", elementId + " of run " + runId + " is " + state
          + ": only a FAILED, STOPPED or SKIPPED job runs again", Map.of("runId", runId, "elementId", elementId,
          "state", state));
    }
    if (run.instance().getEndTime() == null) {
      return inPlace(run, elementId, false, reason, user, Map.of());
    }
    if (run.instance().getSuperProcessInstanceId() != null) {
      return throughExpansions(run, new Nested(Set.of(elementId), Set.of(), Map.of()), OperatorAction.RERUN, elementId,
          reason, user);
    }
    return start(run, Set.of(elementId), Set.of(), Map.of(), OperatorAction.RERUN, elementId, reason, user);
  }

  /** Marks a FAILED job of an ended run SUCCEEDED: a new run carries on with what follows it. */
  public Rerun markSucceeded(String runId, String elementId, String reason, String user) {
    HoldsAndSkips.requireReason(reason, "mark");
    Ended run = looked(runId, true);
    NodeStateTable.Row row = run.states().get(elementId);
    requireNode(run, elementId);
    if (row == null || row.state() != JobState.FAILED || row.kind() != NodeKind.JOB) {
      String state = row == null ? JobState.WAITING.name() : row.state().name();
      throw OperationsException.conflict("NOT_FAILED", elementId + " of run " + runId + " is " + state
          + ": only a FAILED job is marked SUCCEEDED", Map.of("runId", runId, "elementId", elementId, "state", state));
    }
    if (run.instance().getEndTime() == null) {
      return inPlace(run, elementId, true, reason, user, Map.of());
    }
    if (run.instance().getSuperProcessInstanceId() != null) {
      return throughExpansions(run, new Nested(Set.of(), Set.of(elementId), Map.of()), OperatorAction.MARK_SUCCEEDED,
          elementId, reason, user);
    }
    return start(run, Set.of(), Set.of(elementId), Map.of(), OperatorAction.MARK_SUCCEEDED, elementId, reason, user);
  }

  /** Reruns an ended run from its FAILED and STOPPED jobs, and what its stop skipped. */
  public Rerun rerunRun(String runId, String reason, String user) {
    HoldsAndSkips.requireReason(reason, "rerun");
    Ended run = looked(runId, false);
    if (run.instance().getSuperProcessInstanceId() != null) {
      throw OperationsException.conflict("NOT_A_ROOT", "run " + runId + " was started by an expansion of run "
          + run.instance().getSuperProcessInstanceId() + ": rerun that run, whose expansion reruns this run's failed"
          + " jobs", Map.of("runId", runId, "rootRunId", run.instance().getRootProcessInstanceId()));
    }
    Set<String> from = failedOf(run.states());
    if (from.isEmpty()) {
      throw OperationsException.conflict("NOTHING_TO_RERUN", "run " + runId + " ended " + run.outcome()
          + " with no FAILED or STOPPED job: nothing to rerun", Map.of("runId", runId, "state", run.outcome().name()));
    }
    return start(run, from, Set.of(), Map.of(), OperatorAction.RERUN, null, reason, user);
  }

  /** What a whole-run rerun starts from: the FAILED and STOPPED jobs and expansions, and what a stop skipped. */
  private static Set<String> failedOf(Map<String, NodeStateTable.Row> states) {
    Set<String> from = new LinkedHashSet<>();
    for (NodeStateTable.Row row : states.values()) {
      boolean leaf = row.kind() == NodeKind.JOB || row.kind() == NodeKind.EXPANSION;
      boolean failed = row.state() == JobState.FAILED || row.state() == JobState.STOPPED;
      boolean skippedByStop = row.state() == JobState.SKIPPED && row.reason() != null
          && row.reason().endsWith(" was stopped");
      if (!row.elementId().equals(JobnetVariables.PROCESS_ELEMENT) && (leaf && failed || skippedByStop)) {
        from.add(row.elementId());
      }
    }
    return from;
  }

  /**
   * How a rerun goes on inside the run an expansion started: what in it runs again ({@code from}), what
   * is marked SUCCEEDED, and the same for the expansions inside it, by element id.
   */
  record Nested(Set<String> from, Set<String> marked, Map<String, Nested> inner) {}

  /**
   * A rerun in an ended run that an expansion started: it goes on through the expansion, up to the
   * first run that still runs (there the expansion runs again in the run) or to the root (then a new
   * run of the root, whose expansion runs again). At each level the expansion's new run carries its old
   * run's states over: what SUCCEEDED in it does not run again.
   */
  private Rerun throughExpansions(Ended run, Nested nested, OperatorAction action, String elementId, String reason,
      String user) {
    HistoricProcessInstance child = run.instance();
    while (true) {
      String parentId = child.getSuperProcessInstanceId();
      String expansion = expansionThatStarted(parentId, child.getId());
      Ended parent = looked(parentId, true);
      Map<String, Nested> through = Map.of(expansion, nested);
      if (parent.instance().getEndTime() == null) {
        return inPlace(parent, expansion, false, reason, user, through);
      }
      if (parent.instance().getSuperProcessInstanceId() == null) {
        return start(parent, Set.of(expansion), Set.of(), through, action, elementId, reason, user);
      }
      nested = new Nested(Set.of(expansion), Set.of(), through);
      child = parent.instance();
    }
  }

  /** The expansion of run {@code parentId} that started run {@code childId}. */
  private String expansionThatStarted(String parentId, String childId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(parentId).activityType("callActivity")
        .list().stream().filter(a -> childId.equals(a.getCalledProcessInstanceId())).findFirst()
        .map(org.camunda.bpm.engine.history.HistoricActivityInstance::getActivityId)
        .orElseThrow(() -> OperationsException.notFound("run " + childId + " was started by no expansion of run "
            + parentId));
  }

  /**
   * For each expansion of run {@code runId} that runs again and had run (FAILED or STOPPED): its new run
   * carries its old run's states over, rerun from what {@code nested} says for it, else from its
   * failed jobs. Puts the expansion's WAITING row into {@code rows} (its reason names the old run:
   * {@link JobnetVariables#RERUN_EXPANSION_OF}), and each old run's carried rows into {@code carries},
   * at every depth.
   */
  private void carryExpansions(String rootId, String runId, Map<String, NodeStateTable.Row> states, Set<String> rerun,
      Map<String, Nested> nested, String markReason, List<NodeStateTable.Row> rows,
      Map<String, List<NodeStateTable.Row>> carries) {
    for (String id : rerun) {
      NodeStateTable.Row row = states.get(id);
      if (row == null || row.kind() != NodeKind.EXPANSION
          || !(row.state() == JobState.FAILED || row.state() == JobState.STOPPED)) {
        continue; // never ran, or kept: it runs afresh, or not at all
      }
      String called = calledRun(runId, id);
      if (called == null) {
        continue;
      }
      Map<String, NodeStateTable.Row> calledStates = jdbc.execute(
          (ConnectionCallback<Map<String, NodeStateTable.Row>>) c -> NodeStateTable.run(c, called));
      Nested n = nested.get(id);
      Set<String> from = n != null ? n.from() : failedOf(calledStates);
      Set<String> marked = n != null ? n.marked() : Set.of();
      if (from.isEmpty() && marked.isEmpty()) {
        continue;
      }
      BpmnModelInstance model = repository.getBpmnModelInstance(history.createHistoricProcessInstanceQuery()
          .processInstanceId(called).singleResult().getProcessDefinitionId());
      RerunPlan plan = RerunPlan.of(model, calledStates, from, marked);
      List<NodeStateTable.Row> calledRows = new ArrayList<>(plan.carried(called, marked, markReason, from,
          attempts(rootId, called)));
      carryExpansions(rootId, called, calledStates, plan.runsAgain(), n == null ? Map.of() : n.inner(), markReason,
          calledRows, carries);
      carries.put(called, calledRows);
      rows.removeIf(r -> r.elementId().equals(id));
      rows.add(new NodeStateTable.Row(id, NodeKind.EXPANSION, JobState.WAITING,
          JobnetVariables.RERUN_EXPANSION_OF + called));
    }
  }

  /** The run the expansion {@code elementId} of run {@code runId} started last, or null. */
  private String calledRun(String runId, String elementId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(runId).activityId(elementId)
        .orderByHistoricActivityInstanceStartTime().desc().list().stream()
        .map(org.camunda.bpm.engine.history.HistoricActivityInstance::getCalledProcessInstanceId)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  /** An ended root run: its history, outcome, recorded states and definition. */
  private record Ended(HistoricProcessInstance instance, RunState outcome, Map<String, NodeStateTable.Row> states,
      BpmnModelInstance model) {}

  /** The run; one that still runs only if {@code running} may (else 409 RUN_RUNNING). */
  private Ended looked(String runId, boolean running) {
    HistoricProcessInstance hpi = history.createHistoricProcessInstanceQuery().processInstanceId(runId).singleResult();
    if (hpi == null) {
      throw OperationsException.notFound("no run " + runId + ", or you may not see it");
    }
    Map<String, NodeStateTable.Row> states = jdbc.execute(
        (ConnectionCallback<Map<String, NodeStateTable.Row>>) c -> NodeStateTable.run(c, runId));
    NodeStateTable.Row own = states.get(JobnetVariables.PROCESS_ELEMENT);
    if (hpi.getEndTime() == null && (!running || own != null && own.state() == JobState.STOPPED)) {
      String state = own != null ? RunState.ofRecorded(own.state()).name() : RunState.RUNNING.name();
      throw OperationsException.conflict("RUN_RUNNING", "run " + runId + " still runs (" + state + "): a whole"
          + " run is rerun once it has ended (a stopped one once it has wound down); rerun its failed jobs one by"
          + " one, or wait for its end", Map.of("runId", runId, "state", state));
    }
    List<HistoricVariableInstance> reruns = history.createHistoricVariableInstanceQuery()
        .variableValueEquals(JobnetVariables.RERUN_OF, runId).list();
    if (!reruns.isEmpty()) {
      String newer = reruns.get(0).getProcessInstanceId();
      throw OperationsException.conflict("ALREADY_RERUN", "run " + runId + " was rerun as run " + newer
          + ": act on that run", Map.of("runId", runId, "rerunBy", newer));
    }
    RunState outcome = own != null ? RunState.ofRecorded(own.state())
        : hpi.getEndTime() == null ? RunState.RUNNING : RunState.STOPPED;
    return new Ended(hpi, outcome, states, repository.getBpmnModelInstance(hpi.getProcessDefinitionId()));
  }

  private static void requireNode(Ended run, String elementId) {
    var element = run.model().getModelElementById(elementId);
    if (!(element instanceof org.camunda.bpm.model.bpmn.instance.ServiceTask
        || element instanceof org.camunda.bpm.model.bpmn.instance.CallActivity)) {
      throw OperationsException.notFound("run " + run.instance().getId() + " has no job '" + elementId + "'"
          + (element instanceof org.camunda.bpm.model.bpmn.instance.SubProcess
          ? ": " + elementId + " is a jobnet; rerun the jobs in it that failed, or the whole run" : ""));
    }
  }

  private Rerun start(Ended run, Set<String> rerunFrom, Set<String> marked, Map<String, Nested> nested,
      OperatorAction action, String elementId, String reason, String user) {
    String oldId = run.instance().getId();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    RerunPlan plan = RerunPlan.of(run.model(), run.states(), rerunFrom, marked);
    List<NodeStateTable.Row> carried = new ArrayList<>(plan.carried(oldId, marked, markReason(user, reason), rerunFrom,
        attempts(oldId, oldId)));
    Map<String, List<NodeStateTable.Row>> carries = new LinkedHashMap<>();
    carryExpansions(oldId, oldId, run.states(), plan.runsAgain(), nested, markReason(user, reason), carried, carries);
    carries.put(oldId, carried);
    Map<String, Object> parameters = startParameters(oldId);
    parameters.put(JobnetVariables.RERUN_OF, oldId);
    String newId;
    try {
      newId = transaction.execute(status -> {
        jdbc.execute((ConnectionCallback<Void>) c -> {
          for (Map.Entry<String, List<NodeStateTable.Row>> carry : carries.entrySet()) {
            NodeStateTable.carry(c, carry.getKey(), carry.getValue(), Timestamp.from(now));
          }
          return null;
        });
        String id = runtime.createProcessInstanceById(run.instance().getProcessDefinitionId())
            .businessKey(run.instance().getBusinessKey()).setVariables(parameters).execute().getId();
        actions.record(new OperatorActions.Entry(oldId, oldId, elementId, action, reason, user, now));
        actions.record(new OperatorActions.Entry(id, id, elementId, action, reason, user, now));
        String what = action == OperatorAction.MARK_SUCCEEDED ? "job " + elementId + " marked SUCCEEDED"
            : elementId != null ? "rerun from job " + elementId : "rerun from its failed jobs " + rerunFrom;
        events.record(NewEvent.of(EventKind.JOBNET_RERUN).inRun(oldId, oldId).element(elementId).actor(user)
            .message(what + " by " + user + ": " + reason.strip() + "; run " + id + " carries on")
            .detail("newRunId", id).detail("from", List.copyOf(rerunFrom)).detail("reason", reason.strip()));
        events.record(NewEvent.of(EventKind.JOBNET_RERUN).inRun(id, id).element(elementId).actor(user)
            .message(what + " by " + user + ": " + reason.strip() + "; this run carries on run " + oldId)
            .detail("rerunOf", oldId).detail("from", List.copyOf(rerunFrom)).detail("reason", reason.strip()));
        return id;
      });
    } catch (DuplicateRunException e) {
      throw OperationsException.conflict("ALREADY_RUNNING", e.getMessage() + ": stop it or wait for its end, then"
          + " rerun", Map.of("runId", oldId, "runningRunId", e.runningInstanceId()));
    } catch (org.springframework.dao.DuplicateKeyException | org.camunda.bpm.engine.OptimisticLockingException e) {
      throw OperationsException.conflict("ALREADY_RERUN", "run " + oldId + " is being rerun by another operator",
          Map.of("runId", oldId));
    }
    LOG.warn("run {} rerun as run {} by {} ({} state(s) carried over, from {}{})", oldId, newId, user, carried.size(),
        rerunFrom, marked.isEmpty() ? "" : ", marked " + marked);
    List<String> from = new java.util.ArrayList<>(rerunFrom);
    marked.forEach(m -> from.add(m));
    return new Rerun(newId, oldId, from, user, now);
  }

  /**
   * Reruns a job of a run that still runs, in that run ({@link RerunPlan#inPlace}): its states from the
   * job on are cleared (a marked job's becomes SUCCEEDED), the tokens waiting at the joins after it are
   * cancelled and given back for the branches that had delivered theirs, and the flow starts again
   * before the job (or the outermost ended jobnet around it), in one transaction that locks the run's
   * executions first, so no token moves meanwhile.
   */
  private Rerun inPlace(Ended run, String elementId, boolean marked, String reason, String user,
      Map<String, Nested> nested) {
    String runId = run.instance().getId();
    String rootId = run.instance().getRootProcessInstanceId();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    int attempts = attempts(rootId, runId).getOrDefault(elementId, 0);
    OperatorAction action = marked ? OperatorAction.MARK_SUCCEEDED : OperatorAction.RERUN;
    Conflicts.retried(() -> transaction.executeWithoutResult(status -> {
      EngineCommands.executor(engine).execute(context -> {
        control.lock(runId);
        return null;
      });
      ActivityInstance tree = runtime.getActivityInstance(runId);
      if (tree == null) {
        throw OperationsException.conflict("RUN_ENDED", "run " + runId + " ended meanwhile: rerun it again",
            Map.of("runId", runId));
      }
      Set<String> active = new HashSet<>();
      collect(tree, active);
      Map<String, NodeStateTable.Row> states = jdbc.execute(
          (ConnectionCallback<Map<String, NodeStateTable.Row>>) c -> NodeStateTable.run(c, runId));
      RerunPlan plan;
      try {
        plan = RerunPlan.inPlace(run.model(), states, elementId, marked, active);
      } catch (IllegalStateException e) {
        throw OperationsException.conflict("STILL_RUNNING", e.getMessage() + ", after " + elementId + " in run " + runId
            + ", runs now: a rerun would run it twice; wait until it has ended", Map.of("runId", runId,
            "elementId", elementId, "running", e.getMessage()));
      }
      List<String> removed = new ArrayList<>();
      for (String id : plan.cleared()) {
        NodeStateTable.Row row = states.get(id);
        if (row != null && !id.equals(elementId) && !plan.keeps(row)) {
          removed.add(id);
        }
      }
      List<NodeStateTable.Row> replaced = new ArrayList<>();
      NodeStateTable.Row row = states.get(elementId);
      if (marked) {
        replaced.add(new NodeStateTable.Row(elementId, NodeKind.JOB, JobState.SUCCEEDED, markReason(user, reason)));
      } else if (attempts > 0 && row.kind() == NodeKind.JOB) {
        replaced.add(new NodeStateTable.Row(elementId, NodeKind.JOB, JobState.WAITING,
            JobnetVariables.RERUN_AFTER_ATTEMPT + attempts));
      } else {
        removed.add(elementId);
      }
      // the expansions that run again carry their old runs' states over into their new runs
      Set<String> runsAgain = new LinkedHashSet<>(plan.runsAgain());
      if (marked) {
        runsAgain.remove(elementId);
      }
      Map<String, List<NodeStateTable.Row>> carries = new LinkedHashMap<>();
      List<NodeStateTable.Row> expansions = new ArrayList<>();
      carryExpansions(rootId, runId, states, runsAgain, nested, markReason(user, reason), expansions, carries);
      for (NodeStateTable.Row waiting : expansions) {
        removed.remove(waiting.elementId());
        replaced.add(waiting);
      }
      jdbc.execute((ConnectionCallback<Void>) c -> {
        NodeStateTable.rewind(c, runId, removed, replaced, Timestamp.from(now));
        for (Map.Entry<String, List<NodeStateTable.Row>> carry : carries.entrySet()) {
          NodeStateTable.carry(c, carry.getKey(), carry.getValue(), Timestamp.from(now));
        }
        return null;
      });
      RerunPlan.InPlace flow = plan.flow();
      ProcessInstanceModificationBuilder modification = runtime.createProcessInstanceModification(runId);
      flow.cancelAt().forEach(modification::cancelAllForActivity);
      flow.startFlows().forEach(modification::startTransition);
      if (flow.startBefore() != null) {
        modification.startBeforeActivity(flow.startBefore());
      }
      actions.record(new OperatorActions.Entry(runId, runId, elementId, action, reason, user, now));
      events.record(NewEvent.of(EventKind.JOBNET_RERUN).inRun(runId, runId).element(elementId).actor(user)
          .message((marked ? "job " + elementId + " marked SUCCEEDED" : "rerun from job " + elementId) + " by " + user
              + ": " + reason.strip() + "; the run goes on")
          .detail("from", List.of(elementId)).detail("reason", reason.strip()).detail("inPlace", Boolean.TRUE));
      modification.execute(false, false);
    }));
    LOG.warn("run {}: {} {} by {}, in the run", runId, marked ? "marked SUCCEEDED" : "rerun from", elementId, user);
    return new Rerun(runId, null, List.of(elementId), user, now);
  }

  /** The reason a job marked SUCCEEDED keeps: "marked SUCCEEDED by admin: loaded by hand". */
  private static String markReason(String user, String reason) {
    return "marked SUCCEEDED by " + user + ": " + reason.strip();
  }

  private static void collect(ActivityInstance instance, Set<String> active) {
    active.add(instance.getActivityId());
    for (TransitionInstance t : instance.getChildTransitionInstances()) {
      active.add(t.getActivityId());
    }
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      collect(child, active);
    }
  }

  /** The start parameters of a run: its process variables but our own. */
  private Map<String, Object> startParameters(String runId) {
    Map<String, Object> parameters = new HashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(runId)
        .disableCustomObjectDeserialization().list()) {
      if (runId.equals(v.getActivityInstanceId()) && !ProcessVariables.isOwn(v.getName())
          && !"deleted".equalsIgnoreCase(v.getState())) {
        parameters.put(v.getName(), v.getTypedValue());
      }
    }
    return parameters;
  }

  /** The attempts each job of run {@code runId} of root {@code rootId} started (its JOB_STARTED events), by element id. */
  private Map<String, Integer> attempts(String rootId, String runId) {
    Map<String, Set<Integer>> started = new HashMap<>();
    jdbc.query(ATTEMPTS_SQL, rs -> {
      try {
        int attempt = JSON.readTree(rs.getString(2)).path("attempt").asInt(0);
        started.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(attempt);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // an unreadable event counts no attempt
      }
    }, rootId, runId);
    Map<String, Integer> max = new HashMap<>();
    started.forEach((id, attempts) -> max.put(id, attempts.stream().mapToInt(Integer::intValue).max().orElse(0)));
    return max;
  }
}
