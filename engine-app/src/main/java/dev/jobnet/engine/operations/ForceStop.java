package dev.jobnet.engine.operations;

import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.JobnetVariables;
import dev.jobnet.engine.semantics.NodeKind;
import dev.jobnet.engine.semantics.NodeStateStore;
import dev.jobnet.engine.semantics.RunControl;
import dev.jobnet.engine.states.IllegalStateChangeException;
import dev.jobnet.protocol.ProcessVariables;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Force-stop ({@code docs/operations.md}, design {@code jobnets.md}): a job ends STOPPED at once (its
 * external task is completed with {@code jobnetResult=STOPPED} on the agent's behalf, so the flow moves
 * on and what depends on it is SKIPPED); a nested jobnet or a whole run is marked STOPPED first (so
 * nothing more in it starts and its finally is skipped), then each of its running jobs and expanded
 * runs is stopped. The agent learns at its next heartbeat (404) and kills the process group.
 */
@Service
public class ForceStop {

  /** The worker id under which a job that no agent holds is taken to be stopped or resolved. */
  static final String OPERATOR_WORKER = "jobnet-operator";
  /** How long stopping a jobnet keeps looking for jobs that were being created as it was marked. */
  static final int ROUNDS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(ForceStop.class);

  private final ProcessEngine engine;
  private final ExternalTaskService tasks;
  private final RunLookup lookup;
  private final OperatorActions actions;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final NodeStateStore states;
  private final RunControl control;

  ForceStop(ProcessEngine engine, RunLookup lookup, OperatorActions actions, TransactionTemplate transaction,
      Clock clock, RunControl control) {
    this.engine = engine;
    this.control = control;
    this.states = control.store();
    this.tasks = engine.getExternalTaskService();
    this.lookup = lookup;
    this.actions = actions;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** What a stop did: the run, the node (null for a whole run) and the jobs it stopped. */
  public record Stopped(String runId, String elementId, List<String> stoppedJobs) {}

  /** Stops a whole run (a root jobnet, or an expanded jobnet's run). */
  public Stopped stopRun(String runId, String reason, String user) {
    ProcessInstance pi = lookup.running(runId);
    String root = lookup.rootOf(runId);
    String why = why(user, reason);
    try {
      Conflicts.retried(() -> transaction.executeWithoutResult(status -> {
        mark(pi.getId(), JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT, why);
        actions.record(new OperatorActions.Entry(root, runId, null, OperatorAction.STOP_RUN, reason, user, now()));
      }));
    } catch (IllegalStateChangeException e) {
      throw RunLookup.alreadyEnded(runId, e.from().name()); // it ended as it was being marked
    }
    List<String> stopped = stopAllIn(runId, null, root, why);
    LOG.warn("run {} STOPPED by {}: {} job(s) stopped", runId, user, stopped.size());
    return new Stopped(runId, null, stopped);
  }

  /** Stops one job or one nested jobnet of a run. */
  public Stopped stopNode(String runId, String elementId, String reason, String user) {
    ProcessInstance pi = lookup.running(runId);
    RunLookup.Kind kind = lookup.kind(pi, elementId);
    Optional<JobState> recorded = lookup.state(runId, elementId);
    if (recorded.isPresent() && recorded.get().isFinal()) {
      throw alreadyFinished(runId, elementId, recorded.get().name());
    }
    String root = lookup.rootOf(runId);
    String why = why(user, reason);
    switch (kind) {
      case JOB -> {
        ExternalTask task = tasks.createExternalTaskQuery().processInstanceId(runId).activityId(elementId)
            .singleResult();
        if (task == null) {
          if (stopHeld(runId, elementId, root, why, reason, user)) {
            LOG.warn("held job {} of run {} STOPPED by {}", elementId, runId, user);
            return new Stopped(runId, elementId, List.of(elementId));
          }
          throw notRunning(runId, elementId);
        }
        transaction.executeWithoutResult(status -> actions.record(new OperatorActions.Entry(root, runId, elementId,
            OperatorAction.STOP_JOB, reason, user, now())));
        if (!stopJob(task, why)) {
          throw alreadyFinished(runId, elementId, lookup.state(runId, elementId).map(Enum::name).orElse("ENDED"));
        }
        LOG.warn("job {} of run {} STOPPED by {}", elementId, runId, user);
        return new Stopped(runId, elementId, List.of(elementId));
      }
      case EXPANSION -> {
        String called = calledRun(runId, elementId);
        if (called == null) {
          throw notRunning(runId, elementId);
        }
        try {
          Conflicts.retried(() -> transaction.executeWithoutResult(status -> {
            actions.record(new OperatorActions.Entry(root, runId, elementId, OperatorAction.STOP_JOBNET, reason, user,
                now()));
            mark(called, JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT, why);
          }));
        } catch (IllegalStateChangeException e) {
          throw alreadyFinished(runId, elementId, e.from().name()); // its run ended as it was being marked
        }
        List<String> stopped = stopAllIn(called, null, root, why);
        return new Stopped(runId, elementId, stopped);
      }
      default -> {
        if (!isActive(runId, elementId)) {
          throw notRunning(runId, elementId);
        }
        try {
          Conflicts.retried(() -> transaction.executeWithoutResult(status -> {
            actions.record(new OperatorActions.Entry(root, runId, elementId, OperatorAction.STOP_JOBNET, reason, user,
                now()));
            mark(runId, elementId, root, NodeKind.JOBNET, why);
          }));
        } catch (IllegalStateChangeException e) {
          throw alreadyFinished(runId, elementId, e.from().name()); // it ended as it was being marked
        }
        List<String> stopped = stopAllIn(runId, elementId + ".", root, why);
        LOG.warn("jobnet {} of run {} STOPPED by {}: {} job(s) stopped", elementId, runId, user, stopped.size());
        return new Stopped(runId, elementId, stopped);
      }
    }
  }

  /**
   * Stops every job of the run (under {@code prefix}, when given) and every run expanded there. Jobs
   * created while the stop flag was being written are found in a later round.
   */
  private List<String> stopAllIn(String runId, String prefix, String root, String why) {
    List<String> stopped = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      boolean found = false;
      for (ExternalTask task : tasks.createExternalTaskQuery().processInstanceId(runId).list()) {
        if (prefix == null || task.getActivityId().startsWith(prefix)) {
          found = true;
          if (stopJob(task, why)) {
            stopped.add(runId.equals(root) ? task.getActivityId() : runId + "/" + task.getActivityId());
          }
        }
      }
      for (ProcessInstance child : engine.getRuntimeService().createProcessInstanceQuery()
          .superProcessInstanceId(runId).list()) {
        String callActivity = callerActivity(runId, child.getId());
        if (prefix == null || (callActivity != null && callActivity.startsWith(prefix))) {
          found = true;
          try {
            Conflicts.retried(() -> transaction.executeWithoutResult(status -> mark(child.getId(),
                JobnetVariables.PROCESS_ELEMENT, root, NodeKind.ROOT, why)));
          } catch (IllegalStateChangeException e) {
            continue; // the expanded run ended as it was being marked: nothing left to stop in it
          }
          stopped.addAll(stopAllIn(child.getId(), null, root, why));
        }
      }
      if (!found) {
        break;
      }
    }
    return stopped;
  }

  /**
   * Ends one job STOPPED, as the worker holding it (or under the operators' worker id when none
   * does). False when it had ended already.
   */
  boolean stopJob(ExternalTask found, String why) {
    for (int attempt = 0; ; attempt++) {
      try {
        return Boolean.TRUE.equals(transaction.execute(status -> {
          ExternalTask task = tasks.createExternalTaskQuery().externalTaskId(found.getId()).singleResult();
          if (task == null) {
            return false;
          }
          JobState from = task.getWorkerId() == null ? JobState.PENDING
              : task.getRetries() != null && task.getRetries() == 0 ? JobState.STUCK : JobState.RUNNING;
          JobState stopped = from.becomes(JobState.STOPPED, "job " + task.getActivityId() + " of run "
              + task.getProcessInstanceId());
          String worker = task.getWorkerId();
          if (worker == null) {
            worker = OPERATOR_WORKER;
            tasks.lock(task.getId(), worker, 60_000);
          }
          tasks.complete(task.getId(), worker, null,
              Map.of(ProcessVariables.RESULT, stopped.name(), ProcessVariables.RESULT_REASON, why));
          return true;
        }));
      } catch (NotFoundException | NullValueException e) {
        // the task or its execution went meanwhile: the agent's complete (or another stop) ended the job first
        return false;
      } catch (NullPointerException e) {
        // Camunda 7.24 fails so when the agent's complete removed the job's execution between this command's
        // reads of the task and of its execution's parent: the job ended first, unless the task is still there
        if (tasks.createExternalTaskQuery().externalTaskId(found.getId()).count() == 0) {
          return false;
        }
        throw e;
      } catch (org.camunda.bpm.engine.OptimisticLockingException e) {
        if (attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /**
   * Records a run or jobnet STOPPED, through its transition table, and wakes what waits held in the run:
   * it leaves SKIPPED. Locks the run's executions first ({@link RunControl#lock}), so that nothing
   * reaching a held gate meanwhile is missed: the caller's transaction is tried again on a conflict
   * ({@link Conflicts}).
   *
   * @throws IllegalStateChangeException when it ended meanwhile (its outcome is final)
   */
  private void mark(String runId, String elementId, String root, NodeKind kind, String why) {
    EngineCommands.executor(engine).execute(context -> {
      control.lock(runId);
      states.record(new NodeStateStore.Entry(runId, elementId, root, kind, JobState.STOPPED, why));
      control.wake(runId);
      return null;
    });
  }

  /**
   * Stops a job that an operator held and that waits at its gate: it ends STOPPED without having run.
   * False when it is not such a job.
   */
  private boolean stopHeld(String runId, String elementId, String root, String why, String reason, String user) {
    return Boolean.TRUE.equals(EngineCommands.retried(transaction, engine, () -> {
      control.lock(runId);
      if (control.progress(runId, elementId) != RunControl.Progress.AT_GATE) {
        return false;
      }
      actions.record(new OperatorActions.Entry(root, runId, elementId, OperatorAction.STOP_JOB, reason, user, now()));
      states.record(new NodeStateStore.Entry(runId, elementId, root, NodeKind.JOB, JobState.STOPPED, why));
      control.wake(runId);
      return true;
    }));
  }

  private boolean isActive(String runId, String elementId) {
    ActivityInstance tree = engine.getRuntimeService().getActivityInstance(runId);
    return tree != null && tree.getActivityInstances(elementId).length > 0;
  }

  private String calledRun(String runId, String elementId) {
    for (ProcessInstance child : engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(runId).list()) {
      if (elementId.equals(callerActivity(runId, child.getId()))) {
        return child.getId();
      }
    }
    return null;
  }

  /** The call activity of run {@code runId} that started {@code childId}. */
  private String callerActivity(String runId, String childId) {
    var caller = engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(runId)
        .activityType("callActivity").list().stream()
        .filter(a -> childId.equals(a.getCalledProcessInstanceId())).findFirst();
    return caller.map(a -> a.getActivityId()).orElse(null);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static String why(String user, String reason) {
    return "stopped by " + user + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
  }

  private static OperationsException alreadyFinished(String runId, String elementId, String state) {
    return OperationsException.conflict("ALREADY_FINISHED", elementId + " of run " + runId + " already ended "
        + state + ": nothing to stop", Map.of("runId", runId, "elementId", elementId, "state", state));
  }

  private OperationsException notRunning(String runId, String elementId) {
    String state = lookup.state(runId, elementId).map(Enum::name).orElse("WAITING");
    return OperationsException.conflict("NOT_RUNNING", elementId + " of run " + runId + " is not running (" + state
        + "): stop its jobnet or the run instead", Map.of("runId", runId, "elementId", elementId, "state", state));
  }
}
