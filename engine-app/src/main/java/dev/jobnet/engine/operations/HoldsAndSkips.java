package dev.jobnet.engine.operations;

import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.JobnetVariables;
import dev.jobnet.engine.semantics.NodeKind;
import dev.jobnet.engine.semantics.NodeSpec;
import dev.jobnet.engine.semantics.NodeStateStore;
import dev.jobnet.engine.semantics.RunControl;
import dev.jobnet.engine.semantics.RunControl.Progress;
import dev.jobnet.engine.semantics.RunState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's hold, release and skip ({@code docs/operations.md}):
 *
 * <ul>
 *   <li><b>hold</b> a job, jobnet or expansion that has not started, or a whole run: it is ON_HOLD; the
 *       flow waits at it (a job that was PENDING gives its external task back); in a held jobnet or
 *       run, and in the runs its expansions started, nothing new starts (their PENDING jobs give their
 *       tasks back too) while what runs goes on;
 *   <li><b>release</b> it: what waited at it asks its gate again and starts (unless something else
 *       still holds it);
 *   <li><b>skip</b> a job, jobnet or expansion that has not started: it ends SKIPPED with the
 *       operator's reason, and what depends on it follows the skip rules.
 * </ul>
 *
 * <p>Each decision is one engine command that first locks the run's executions ({@link RunControl#lock}),
 * so it never races the flow reaching the node; a conflict is tried again on what the other committed.
 * Who, when and why are kept ({@code jobnet_operator_action}) and told in the event log.
 */
@Service
public class HoldsAndSkips {

  private static final Logger LOG = LoggerFactory.getLogger(HoldsAndSkips.class);

  private final ProcessEngine engine;
  private final RunControl control;
  private final RunLookup lookup;
  private final OperatorActions actions;
  private final EventLog events;
  private final TransactionTemplate transaction;
  private final Clock clock;

  HoldsAndSkips(ProcessEngine engine, RunControl control, RunLookup lookup, OperatorActions actions, EventLog events,
      TransactionTemplate transaction, Clock clock) {
    this.engine = engine;
    this.control = control;
    this.lookup = lookup;
    this.actions = actions;
    this.events = events;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** What an action did: the run, the node (null for a whole run), its state now, who and when. */
  public record Done(String runId, String elementId, String state, String by, Instant at) {

    Map<String, Object> answer() {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("runId", runId);
      if (elementId != null) {
        a.put("elementId", elementId);
      }
      a.put("state", state);
      a.put("by", by);
      a.put("at", at.toString());
      return a;
    }
  }

  /** Holds a job, jobnet or expansion of a running run that has not started (a jobnet: or runs). */
  public Done holdNode(String runId, String elementId, String reason, String user) {
    ProcessInstance pi = lookup.running(runId);
    String root = lookup.rootOf(runId);
    Instant now = now();
    String why = held(user, now, reason);
    return retrying(() -> {
      control.lock(runId);
      NodeSpec spec = spec(runId, elementId);
      JobState recorded = control.store().state(runId, elementId).orElse(JobState.WAITING);
      if (recorded == JobState.ON_HOLD) {
        throw conflict("ALREADY_HELD", runId, elementId, recorded, "is already held: nothing to hold");
      }
      if (recorded.isFinal()) {
        throw conflict("ALREADY_FINISHED", runId, elementId, recorded, "already ended " + recorded + ": nothing to hold");
      }
      Progress progress = control.progress(runId, elementId);
      boolean scope = spec.kind() == NodeKind.JOBNET || spec.kind() == NodeKind.FINALLY;
      if (progress == Progress.PENDING && !control.withdrawPendingTask(runId, elementId)
          || progress == Progress.STARTED && !scope && spec.kind() != NodeKind.EXPANSION) {
        throw conflict("ALREADY_STARTED", runId, elementId, JobState.RUNNING,
            "has started: only what has not started can be held; stop it instead");
      }
      control.store().record(new NodeStateStore.Entry(runId, elementId, root, spec.kind(), JobState.ON_HOLD, why));
      if (scope) {
        control.withdrawPendingTasks(runId, elementId); // not started: they wait with their jobnet
        control.calledRuns(runId, elementId).forEach(c -> holdRunTree(c.processInstanceId(), root, why));
      } else if (spec.kind() == NodeKind.EXPANSION) {
        control.calledRuns(runId, null).stream().filter(c -> c.elementId().equals(elementId))
            .forEach(c -> holdRunTree(c.processInstanceId(), root, why));
      }
      if (progress == Progress.PENDING) {
        control.wake(runId); // it now waits at its gate, without a task
      }
      Done done = new Done(runId, elementId, JobState.ON_HOLD.name(), user, now);
      told(OperatorAction.HOLD, EventKind.JOB_HELD, pi, root, spec, reason, user, now,
          spec.kind().property() + " " + elementId + " " + why);
      return done;
    });
  }

  /** Releases a held job, jobnet or expansion (and the runs a held jobnet's expansions started). */
  public Done releaseNode(String runId, String elementId, String reason, String user) {
    ProcessInstance pi = lookup.running(runId);
    String root = lookup.rootOf(runId);
    Instant now = now();
    return retrying(() -> {
      control.lock(runId);
      NodeSpec spec = spec(runId, elementId);
      JobState recorded = control.store().state(runId, elementId).orElse(JobState.WAITING);
      if (recorded != JobState.ON_HOLD) {
        throw conflict("NOT_HELD", runId, elementId, recorded, "is not held (it is " + recorded + "): nothing to release");
      }
      control.store().release(new NodeStateStore.Entry(runId, elementId, root, spec.kind(), JobState.WAITING, null));
      if (spec.kind() != NodeKind.JOB) {
        control.calledRuns(runId, spec.kind() == NodeKind.EXPANSION ? null : elementId).stream()
            .filter(c -> spec.kind() != NodeKind.EXPANSION || c.elementId().equals(elementId))
            .forEach(c -> releaseRunTree(c.processInstanceId(), root));
      }
      control.wake(runId);
      told(OperatorAction.RELEASE, EventKind.JOB_RELEASED, pi, root, spec, reason, user, now,
          spec.kind().property() + " " + elementId + " released by " + user + suffix(reason));
      return new Done(runId, elementId, JobState.WAITING.name(), user, now);
    });
  }

  /** Skips a job, jobnet or expansion that has not started: it ends SKIPPED with the reason. */
  public Done skipNode(String runId, String elementId, String reason, String user) {
    requireReason(reason, "skip");
    ProcessInstance pi = lookup.running(runId);
    String root = lookup.rootOf(runId);
    Instant now = now();
    String why = "skipped by " + user + suffix(reason);
    return retrying(() -> {
      control.lock(runId);
      NodeSpec spec = spec(runId, elementId);
      JobState recorded = control.store().state(runId, elementId).orElse(JobState.WAITING);
      if (recorded.isFinal()) {
        throw conflict("ALREADY_FINISHED", runId, elementId, recorded, "already ended " + recorded + ": nothing to skip");
      }
      Progress progress = control.progress(runId, elementId);
      if (progress == Progress.STARTED || progress == Progress.PENDING && !control.withdrawPendingTask(runId, elementId)) {
        throw conflict("ALREADY_STARTED", runId, elementId, JobState.RUNNING,
            "has started: only what has not started can be skipped; stop it instead");
      }
      control.store().record(new NodeStateStore.Entry(runId, elementId, root, spec.kind(), JobState.SKIPPED, why));
      actions.record(new OperatorActions.Entry(root, runId, elementId, OperatorAction.SKIP, reason, user, now));
      if (progress != Progress.NOT_REACHED) {
        control.wake(runId); // it leaves its gate SKIPPED, and the flow goes on
      }
      LOG.warn("{} {} of run {} SKIPPED by {}", spec.kind().property(), elementId, runId, user);
      return new Done(runId, elementId, JobState.SKIPPED.name(), user, now);
    });
  }

  /** Holds a whole run: nothing new starts in it, nor in the runs its expansions started. */
  public Done holdRun(String runId, String reason, String user) {
    ProcessInstance pi = lookup.running(runId);
    String root = lookup.rootOf(runId);
    Instant now = now();
    String why = held(user, now, reason);
    return retrying(() -> {
      JobState recorded = control.store().state(runId, JobnetVariables.PROCESS_ELEMENT).orElse(null);
      if (recorded == JobState.ON_HOLD) {
        throw runConflict("ALREADY_HELD", runId, RunState.ON_HOLD, "is already held: nothing to hold");
      }
      if (recorded != null) {
        RunState state = RunState.ofRecorded(recorded);
        throw runConflict("ALREADY_ENDED", runId, state, "already ended " + state + ": nothing to hold");
      }
      holdRunTree(runId, root, why);
      told(OperatorAction.HOLD, EventKind.JOB_HELD, pi, root, null, reason, user, now, "run " + why);
      return new Done(runId, null, RunState.ON_HOLD.name(), user, now);
    });
  }

  /** Releases a held run, and the runs its expansions started. */
  public Done releaseRun(String runId, String reason, String user) {
    ProcessInstance pi = lookup.running(runId);
    String root = lookup.rootOf(runId);
    Instant now = now();
    return retrying(() -> {
      JobState recorded = control.store().state(runId, JobnetVariables.PROCESS_ELEMENT).orElse(null);
      if (recorded != JobState.ON_HOLD) {
        RunState state = RunState.ofRecorded(recorded);
        throw runConflict("NOT_HELD", runId, state, "is not held (it is " + state + "): nothing to release");
      }
      releaseRunTree(runId, root);
      told(OperatorAction.RELEASE, EventKind.JOB_RELEASED, pi, root, null, reason, user, now,
          "run released by " + user + suffix(reason));
      return new Done(runId, null, RunState.RUNNING.name(), user, now);
    });
  }

  /** Marks a run and the runs its expansions started ON_HOLD (those running and not held already). */
  private void holdRunTree(String runId, String root, String why) {
    control.lock(runId);
    JobState recorded = control.store().state(runId, JobnetVariables.PROCESS_ELEMENT).orElse(null);
    if (recorded == null) {
      control.store().record(new NodeStateStore.Entry(runId, JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT,
          JobState.ON_HOLD, why));
    }
    control.withdrawPendingTasks(runId, null); // not started: they wait with their run
    control.calledRuns(runId, null).forEach(c -> holdRunTree(c.processInstanceId(), root, why));
  }

  /** Releases a run and the runs its expansions started, and wakes what waited in them. */
  private void releaseRunTree(String runId, String root) {
    control.lock(runId);
    control.store().release(new NodeStateStore.Entry(runId, JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT,
        null, null));
    control.calledRuns(runId, null).forEach(c -> releaseRunTree(c.processInstanceId(), root));
    control.wake(runId);
  }

  private void told(OperatorAction action, EventKind kind, ProcessInstance pi, String root, NodeSpec spec,
      String reason, String user, Instant now, String message) {
    String elementId = spec == null ? null : spec.elementId();
    actions.record(new OperatorActions.Entry(root, pi.getId(), elementId, action, reason, user, now));
    NewEvent e = NewEvent.of(kind).inRun(root, pi.getId()).actor(user).message(message)
        .detail("node", spec == null ? "run" : spec.kind().property()).detail("reason", blankToNull(reason));
    events.record(elementId == null ? e : e.element(elementId));
    LOG.warn("{}", message + " (run " + pi.getId() + ")");
  }

  private NodeSpec spec(String runId, String elementId) {
    return control.spec(runId, elementId).filter(s -> s.kind() != NodeKind.ROOT)
        .orElseThrow(() -> OperationsException.notFound("run " + runId + " has no job or jobnet '" + elementId + "'"));
  }

  /**
   * Runs the action in one transaction and engine command; a conflict with the flow or another
   * operator (Camunda's optimistic locking) is tried again on what the other committed.
   */
  private <T> T retrying(Supplier<T> action) {
    return EngineCommands.retried(transaction, engine, action);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static void requireReason(String reason, String action) {
    if (reason == null || reason.isBlank()) {
      throw OperationsException.badRequest("say why: send {\"reason\": \"...\"}; a " + action
          + " changes an outcome, and the reason is kept with it");
    }
  }

  /** "held by admin since 2026-12-06T02:00:00Z: disk full". */
  private static String held(String user, Instant at, String reason) {
    return "held by " + user + " since " + at.truncatedTo(ChronoUnit.SECONDS) + suffix(reason);
  }

  private static String suffix(String reason) {
    return reason == null || reason.isBlank() ? "" : ": " + reason.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static OperationsException conflict(String code, String runId, String elementId, JobState state,
      String what) {
    return OperationsException.conflict(code, elementId + " of run " + runId + " " + what,
        Map.of("runId", runId, "elementId", elementId, "state", state.name()));
  }

  private static OperationsException runConflict(String code, String runId, RunState state, String what) {
    return OperationsException.conflict(code, "run " + runId + " " + what, Map.of("runId", runId, "state", state.name()));
  }
}
