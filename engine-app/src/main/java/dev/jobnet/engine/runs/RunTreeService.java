package dev.jobnet.engine.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.runs.RunView.NodeView;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.JobnetVariables;
import dev.jobnet.engine.semantics.NodeKind;
import dev.jobnet.engine.semantics.NodeStateTable;
import dev.jobnet.engine.semantics.RunState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricExternalTaskLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Builds the tree of a run from the engine (history, external tasks, incidents), the states the
 * jobnet semantics recorded and the jobs' starts and failed attempts in the event log. Reads as the
 * authenticated user: a run the user may not see is not found.
 *
 * <p>A job's {@code attempts} are the runs of its command actually made: the distinct attempts whose
 * start marker an agent placed (the events JOB_STARTED). A STUCK state (the watchdog's, the
 * re-delivery guard's, or the agent's "process lost") is no run: it adds none, and its message is no
 * failure reason once the job is no longer STUCK. The reason of a job that runs or waits again is
 * that of its last failed attempt (the events JOB_FAILED), as for any retried job.
 */
@Service
public class RunTreeService {

  /** Expansions nest runs; no jobnet set can be deeper than the converter allows, this is a guard. */
  static final int MAX_EXPANSION_DEPTH = 32;

  /** The starts and failed attempts of a run's jobs, in order (the root run's id is the table's index). */
  private static final String ATTEMPTS_SQL = "SELECT kind, element_id, details FROM jobnet_event"
      + " WHERE root_run_id = ? AND run_id = ? AND kind IN ('JOB_STARTED', 'JOB_FAILED', 'JOB_RETRIED') ORDER BY id";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProcessEngine engine;
  private final JdbcTemplate jdbc;
  private final StructureCache structures;
  private final Clock clock;
  private final PendingJobs pending;

  public RunTreeService(ProcessEngine engine, JdbcTemplate jdbc, StructureCache structures, Clock clock,
      ObjectProvider<PendingJobs> pending) {
    this.engine = engine;
    this.jdbc = jdbc;
    this.structures = structures;
    this.clock = clock;
    this.pending = pending.getIfAvailable(() -> PendingJobs.SILENT);
  }

  /** The run, or empty when it does not exist or the user may not see it. */
  public Optional<RunView> run(String processInstanceId) {
    HistoricProcessInstance hpi = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    if (hpi == null) {
      return Optional.empty();
    }
    return Optional.of(build(hpi, 0));
  }

  /**
   * The BPMN of the run's definition version, as deployed, for drawing the run's diagram (also once it
   * has ended, which Cockpit's Community Edition no longer shows); empty when the run does not exist
   * or the user may not see it.
   */
  public Optional<String> diagram(String processInstanceId) {
    HistoricProcessInstance hpi = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    if (hpi == null) {
      return Optional.empty();
    }
    try (InputStream in = engine.getRepositoryService().getProcessModel(hpi.getProcessDefinitionId())) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RunView build(HistoricProcessInstance hpi, int depth) {
    String id = hpi.getId();
    JobnetStructure structure = structures.of(hpi.getProcessDefinitionId(), hpi.getProcessDefinitionKey());
    Map<String, NodeStateTable.Row> states = recorded(id);
    Map<String, HistoricActivityInstance> activities = new HashMap<>();
    for (HistoricActivityInstance a : engine.getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(id).list()) {
      HistoricActivityInstance seen = activities.get(a.getActivityId());
      if (seen == null || a.getStartTime().after(seen.getStartTime())) {
        activities.put(a.getActivityId(), a);
      }
    }
    Map<String, ExternalTask> tasks = new HashMap<>();
    for (ExternalTask t : engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(id).list()) {
      tasks.put(t.getActivityId(), t);
    }
    Map<String, Incident> incidents = new HashMap<>();
    for (Incident i : engine.getRuntimeService().createIncidentQuery().processInstanceId(id).list()) {
      incidents.put(i.getActivityId(), i);
    }
    Attempts attempts = attempts(hpi);
    Map<String, String> lastWorker = new HashMap<>();
    for (HistoricExternalTaskLog log : engine.getHistoryService().createHistoricExternalTaskLogQuery()
        .processInstanceId(id).orderByTimestamp().asc().list()) {
      if (log.getWorkerId() != null) {
        lastWorker.put(log.getActivityId(), log.getWorkerId());
      }
    }
    var context = new RunContext(states, activities, tasks, incidents, attempts, lastWorker, depth,
        pending.whyWaiting());
    NodeStateTable.Row root = states.get(JobnetVariables.PROCESS_ELEMENT);
    String runHeld = root != null && root.state() == JobState.ON_HOLD ? "its run is " + root.reason() : null;
    List<NodeView> nodes = nodes(structure.nodes(), context, new Scope(null, runHeld, null));
    RunState recordedState = root != null ? RunState.ofRecorded(root.state()) : null;
    RunState outcome = recordedState != null && recordedState.isFinal() ? recordedState : null;
    RunState state = outcome != null ? outcome : hpi.getEndTime() != null ? RunState.STOPPED
        : recordedState != null ? recordedState : RunState.RUNNING;
    return new RunView(id, hpi.getProcessDefinitionKey(), structure.name(), hpi.getBusinessKey(), hpi.getTenantId(),
        state, outcome, root != null ? root.reason() : null, instant(hpi.getStartTime()), instant(hpi.getEndTime()),
        depth == 0 ? rerunOf(id) : null, depth == 0 ? rerunBy(id) : null, nodes);
  }

  /** The ended run this one reruns, from its variable. */
  private String rerunOf(String runId) {
    HistoricVariableInstance v = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(runId).variableName(JobnetVariables.RERUN_OF).singleResult();
    return v == null || v.getValue() == null ? null : v.getValue().toString();
  }

  /** The run that reruns this one. */
  private String rerunBy(String runId) {
    List<HistoricVariableInstance> reruns = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .variableValueEquals(JobnetVariables.RERUN_OF, runId).list();
    return reruns.isEmpty() ? null : reruns.get(0).getProcessInstanceId();
  }

  /**
   * Of each job of a run: the attempts whose command was started, and the reason of its last failed
   * attempt (one with retries left; the last one is the recorded FAILED state).
   */
  private record Attempts(Map<String, Set<Integer>> started, Map<String, String> lastFailure,
      Map<String, Retry> retries) {}

  /** A failed attempt's retry not started yet: the attempt that failed and when the next one may start. */
  private record Retry(int failedAttempt, Instant at) {}

  private record RunContext(Map<String, NodeStateTable.Row> states, Map<String, HistoricActivityInstance> activities,
      Map<String, ExternalTask> tasks, Map<String, Incident> incidents, Attempts attempts,
      Map<String, String> lastWorker, int depth, Function<String, String> whyWaiting) {}

  /**
   * What a node's jobnets say of it: skipped with the jobnet {@code skippedBy}; held ({@code heldBy},
   * "its run is held by ..."); not reached because its jobnet has not started ({@code waitsFor}).
   */
  private record Scope(String skippedBy, String heldBy, String waitsFor) {

    Scope inside(JobnetStructure.Node jobnet, JobState state, NodeStateTable.Row recorded, boolean started) {
      String skip = state == JobState.SKIPPED ? jobnet.elementId() : skippedBy;
      String held = heldBy;
      if (held == null && recorded != null && recorded.state() == JobState.ON_HOLD) {
        held = what(jobnet) + " is " + recorded.reason();
      }
      String waits = started ? null : waitsFor != null ? waitsFor
          : FINALLY.equals(jobnet.kind()) ? "waiting for the main flow of its jobnet to settle, then its finally runs"
          : "waiting for " + what(jobnet) + " to start";
      return new Scope(skip, held, waits);
    }
  }

  private static final String FINALLY = NodeKind.FINALLY.property();

  private List<NodeView> nodes(List<JobnetStructure.Node> structure, RunContext run, Scope scope) {
    List<NodeView> views = new ArrayList<>(structure.size());
    for (JobnetStructure.Node n : structure) {
      views.add(node(n, run, scope));
    }
    return views;
  }

  private NodeView node(JobnetStructure.Node n, RunContext run, Scope scope) {
    NodeStateTable.Row recorded = run.states.get(n.elementId());
    if (recorded != null && recorded.state() == JobState.WAITING) {
      recorded = null; // a job a rerun runs again: the row only carries its attempts over
    }
    HistoricActivityInstance activity = run.activities.get(n.elementId());
    ExternalTask task = run.tasks.get(n.elementId());
    Incident incident = run.incidents.get(n.elementId());
    String lastFailure = run.attempts.lastFailure().get(n.elementId());
    boolean job = NodeKind.JOB.property().equals(n.kind());
    boolean active = activity != null && activity.getEndTime() == null;
    JobState state;
    String reason = null;
    if (recorded != null) {
      state = recorded.state();
      reason = recorded.reason();
    } else if (scope.skippedBy() != null) {
      state = JobState.SKIPPED;
      reason = "jobnet " + scope.skippedBy() + " was skipped";
    } else if (incident != null) {
      state = JobState.STUCK;
      // the task's message is the latest: the incident keeps the first (e.g. "agent silent") when the
      // agent, back, reports the job lost after its host restarted
      reason = task != null && task.getErrorMessage() != null ? task.getErrorMessage() : incident.getIncidentMessage();
    } else if (task != null) {
      Retry retry = run.attempts.retries().get(n.elementId());
      boolean backoff = retry != null && retry.at().isAfter(clock.instant());
      boolean locked = !backoff && task.getWorkerId() != null && task.getLockExpirationTime() != null
          && task.getLockExpirationTime().toInstant().isAfter(clock.instant());
      state = locked ? JobState.RUNNING : JobState.PENDING;
      // not the task's error message: after a STUCK state was withdrawn or resolved as RETRY it is the
      // STUCK message, which no longer holds; a failed attempt's reason does
      reason = lastFailure;
      if (backoff) {
        reason = "backoff until " + retry.at() + " after attempt " + retry.failedAttempt() + " failed"
            + (lastFailure == null ? "" : ": " + lastFailure);
      } else if (!locked) {
        String waiting = run.whyWaiting.apply(task.getTopicName());
        if (waiting != null) {
          reason = reason == null ? waiting : waiting + "; last failure: " + reason;
        }
      }
    } else if (active && waitsAtGate(n, activity, run)) {
      // reached, and waiting at its gate with nothing started: a hold around it
      state = JobState.WAITING;
      reason = scope.heldBy() != null ? scope.heldBy() : "starting";
    } else if (active) {
      state = JobState.RUNNING;
    } else {
      state = JobState.WAITING;
      reason = whyNotReached(n, run, scope);
    }
    Integer attempts = null;
    if (job) {
      // the runs of its command started (each attempt once, a STUCK state adds none); none before it was reached
      attempts = run.attempts.started().getOrDefault(n.elementId(), Set.of()).size();
      if (recorded != null && recorded.state() == JobState.SKIPPED) {
        attempts = 0;
      }
      if (reason == null && lastFailure != null && state != JobState.SUCCEEDED) {
        reason = lastFailure;
      }
    }
    boolean started = active && n.children().stream().anyMatch(c -> run.activities.containsKey(c.elementId()))
        || activity != null && activity.getEndTime() != null;
    List<NodeView> children = nodes(n.children(), run, scope.inside(n, state, recorded, started));
    String runId = null;
    if (NodeKind.EXPANSION.property().equals(n.kind()) && activity != null && activity.getCalledProcessInstanceId() != null
        && run.depth < MAX_EXPANSION_DEPTH) {
      runId = activity.getCalledProcessInstanceId();
      HistoricProcessInstance called = engine.getHistoryService().createHistoricProcessInstanceQuery()
          .processInstanceId(runId).singleResult();
      if (called != null) {
        children = build(called, run.depth + 1).nodes();
      }
    }
    return new NodeView(n.elementId(), n.kind(), n.name(), n.path(), n.server(), n.command(), state, reason, attempts,
        task != null && task.getWorkerId() != null ? task.getWorkerId() : run.lastWorker.get(n.elementId()),
        activity == null ? null : instant(activity.getStartTime()),
        activity == null ? null : instant(activity.getEndTime()), runId, Collections.unmodifiableList(children));
  }

  /**
   * Why a node the flow has not reached waits, in an operator's words: a hold around it, the upstream
   * nodes still to end (with their states), or its jobnet not started yet.
   */
  private static String whyNotReached(JobnetStructure.Node n, RunContext run, Scope scope) {
    List<String> why = new ArrayList<>();
    if (scope.heldBy() != null) {
      why.add(scope.heldBy());
    }
    List<String> open = new ArrayList<>();
    for (String up : n.upstream()) {
      JobState s = briefState(up, run);
      if (!s.isFinal()) {
        open.add(up + " (" + s + ")");
      }
    }
    if (!open.isEmpty()) {
      why.add("waiting for upstream " + String.join(", ", open));
    } else if (scope.waitsFor() != null) {
      why.add(scope.waitsFor());
    } else if (FINALLY.equals(n.kind())) {
      why.add("waiting for the main flow to settle, then it runs");
    } else if (!n.upstream().isEmpty()) {
      why.add("starting: its upstream has ended");
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  /** True when the node, reached, has nothing of it started: no task, no expanded run, no content. */
  private static boolean waitsAtGate(JobnetStructure.Node n, HistoricActivityInstance activity, RunContext run) {
    if (NodeKind.JOB.property().equals(n.kind())) {
      return true; // its task is looked at before
    }
    if (NodeKind.EXPANSION.property().equals(n.kind())) {
      return activity.getCalledProcessInstanceId() == null;
    }
    return n.children().stream().noneMatch(c -> run.activities.containsKey(c.elementId()));
  }

  /** The state of a sibling node at a glance: recorded, STUCK, PENDING, RUNNING or WAITING. */
  private static JobState briefState(String elementId, RunContext run) {
    NodeStateTable.Row recorded = run.states.get(elementId);
    if (recorded != null && recorded.state() != JobState.WAITING) {
      return recorded.state();
    }
    if (run.incidents.containsKey(elementId)) {
      return JobState.STUCK;
    }
    ExternalTask task = run.tasks.get(elementId);
    if (task != null) {
      return task.getWorkerId() != null ? JobState.RUNNING : JobState.PENDING;
    }
    HistoricActivityInstance a = run.activities.get(elementId);
    return a != null && a.getEndTime() == null ? JobState.RUNNING : JobState.WAITING;
  }

  /** "jobnet work", "finally _finally", "expansion monthly". */
  private static String what(JobnetStructure.Node n) {
    return n.kind() + " " + n.elementId();
  }

  private Attempts attempts(HistoricProcessInstance hpi) {
    Map<String, Set<Integer>> started = new HashMap<>();
    Map<String, String> lastFailure = new HashMap<>();
    Map<String, Retry> retries = new HashMap<>();
    String root = hpi.getRootProcessInstanceId() != null ? hpi.getRootProcessInstanceId() : hpi.getId();
    jdbc.query(ATTEMPTS_SQL, rs -> {
      String kind = rs.getString(1);
      String element = rs.getString(2);
      JsonNode details = details(rs.getString(3));
      if ("JOB_STARTED".equals(kind)) {
        JsonNode attempt = details.path("attempt");
        started.computeIfAbsent(element, k -> new HashSet<>()).add(attempt.canConvertToInt() ? attempt.asInt() : 0);
        retries.remove(element);
      } else if ("JOB_RETRIED".equals(kind)) {
        Instant at = instantOrNull(details.path("retryAt").asText(null));
        int next = details.path("nextAttempt").asInt(0);
        if (at != null && next > 1) {
          retries.put(element, new Retry(next - 1, at));
        }
      } else if (NodeKind.JOB.property().equals(details.path("node").asText(NodeKind.JOB.property())) && details.hasNonNull("reason")) {
        lastFailure.put(element, details.get("reason").asText());
      }
    }, root, hpi.getId());
    return new Attempts(started, lastFailure, retries);
  }

  private static Instant instantOrNull(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode details(String text) {
    try {
      return text == null ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  /** The states recorded for the nodes of a run, by element id. */
  private Map<String, NodeStateTable.Row> recorded(String processInstanceId) {
    return jdbc.execute((ConnectionCallback<Map<String, NodeStateTable.Row>>) c -> NodeStateTable.run(c,
        processInstanceId));
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
