package dev.jobnet.engine.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;

/**
 * What an operator's hold, release and skip need of a run's executions, inside one engine command
 * ({@code operations} runs them). An operator's decision on a node that has not started is a state
 * recorded for it ({@link JobState#ON_HOLD}, {@link JobState#SKIPPED}) that its gate reads when the
 * flow reaches it ({@link Gate}); a node the flow reached and that waits at its gate is woken to ask
 * again ({@link #wake}).
 *
 * <p>Such a decision must not race the flow: a token reaching the node in another transaction could
 * pass its gate before the decision commits and start it anyway. {@link #lock} serialises the two
 * through Camunda's optimistic locking: it forces an update of every execution of the run, and any
 * transaction that moves a token updates (or removes) at least one of them, so one of the two fails
 * with an {@code OptimisticLockingException} and is tried again on what the other committed.
 */
public final class RunControl {

  /** Where a node of a run stands, as far as the engine's executions tell. */
  public enum Progress {
    /** The flow has not reached it. */
    NOT_REACHED,
    /** The flow reached it and it waits at its gate (held), nothing of it started. */
    AT_GATE,
    /** A job whose external task no agent has taken yet, never attempted. */
    PENDING,
    /** It started: a job an agent took or attempted, an expansion whose run started, a jobnet whose content runs. */
    STARTED
  }

  private final NodeStateStore store;

  public RunControl(NodeStateStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The store the decisions are recorded in. */
  public NodeStateStore store() {
    return store;
  }

  /** The spec of a node of the run's process, if the element is a jobnet node. */
  public Optional<NodeSpec> spec(String processInstanceId, String elementId) {
    ActivityImpl activity = definition(processInstanceId).findActivity(elementId);
    return activity == null ? Optional.empty()
        : Optional.ofNullable((NodeSpec) activity.getProperty(NodeSpec.PROPERTY));
  }

  /** Serialises this command with every transaction that moves a token of the run (see above). */
  public void lock(String processInstanceId) {
    for (ExecutionEntity e : executions(processInstanceId)) {
      e.forceUpdate();
    }
  }

  /** Where the node stands. */
  public Progress progress(String processInstanceId, String elementId) {
    for (ExecutionEntity e : executions(processInstanceId)) {
      ActivityImpl at = e.getActivity();
      if (at == null || e.isEnded()) {
        continue;
      }
      if (at.getId().equals(elementId) && e.isActive()) {
        if (at.getActivityBehavior() instanceof NodeGate.Gated g && g.waitsAtGate(e)) {
          return Progress.AT_GATE;
        }
        List<ExternalTaskEntity> tasks = e.getExternalTasks();
        if (!tasks.isEmpty() && unattempted(tasks.get(0))) {
          return Progress.PENDING;
        }
        return Progress.STARTED;
      }
      if (e.isActive() && within(at, elementId)) {
        return Progress.STARTED; // the content of the jobnet runs
      }
    }
    return Progress.NOT_REACHED;
  }

  /**
   * Removes the external task of a PENDING job, so that it waits at its gate as a held job does.
   *
   * @return false when the job is not PENDING (an agent took it meanwhile, or it ran before)
   */
  public boolean withdrawPendingTask(String processInstanceId, String elementId) {
    for (ExecutionEntity e : executions(processInstanceId)) {
      if (e.isActive() && e.getActivity() != null && e.getActivity().getId().equals(elementId)) {
        for (ExternalTaskEntity task : new ArrayList<>(e.getExternalTasks())) {
          if (!unattempted(task)) {
            return false;
          }
          task.delete();
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Removes the external tasks of every PENDING job of the run (or of those inside the jobnet {@code
   * scopeElementId}): held with their jobnet or run, they wait at their gates until released.
   *
   * @return the element ids of those jobs
   */
  public List<String> withdrawPendingTasks(String processInstanceId, String scopeElementId) {
    List<String> withdrawn = new ArrayList<>();
    for (ExecutionEntity e : executions(processInstanceId)) {
      ActivityImpl at = e.getActivity();
      if (!e.isActive() || at == null || scopeElementId != null && !within(at, scopeElementId)) {
        continue;
      }
      for (ExternalTaskEntity task : new ArrayList<>(e.getExternalTasks())) {
        if (unattempted(task)) {
          task.delete();
          withdrawn.add(at.getId());
        }
      }
    }
    return withdrawn;
  }

  /**
   * Signals every execution of the run that waits at a gate: each node asks its gate again, and runs,
   * leaves (skipped) or goes on waiting.
   *
   * @return how many were signalled
   */
  public int wake(String processInstanceId) {
    int woken = 0;
    for (ExecutionEntity e : executions(processInstanceId)) {
      ActivityImpl at = e.getActivity();
      if (!e.isEnded() && at != null && at.getActivityBehavior() instanceof NodeGate.Gated g && g.waitsAtGate(e)) {
        e.signal(NodeGate.RELEASE, null);
        woken++;
      }
    }
    return woken;
  }

  /**
   * The runs that expansions of this run started and that still run, with the expansion's element id:
   * all of them, or those inside the jobnet {@code scopeElementId}.
   */
  public List<Called> calledRuns(String processInstanceId, String scopeElementId) {
    List<Called> called = new ArrayList<>();
    for (ExecutionEntity e : executions(processInstanceId)) {
      ExecutionEntity sub = e.getSubProcessInstance();
      ActivityImpl at = e.getActivity();
      if (sub != null && at != null && (scopeElementId == null || within(at, scopeElementId))) {
        called.add(new Called(at.getId(), sub.getId()));
      }
    }
    return called;
  }

  /** A run an expansion started: the expansion's element id and the run's process instance id. */
  public record Called(String elementId, String processInstanceId) {}

  private static boolean unattempted(ExternalTaskEntity task) {
    return task.getWorkerId() == null && task.getRetries() == null;
  }

  /** True when {@code activity} lies inside the jobnet (sub-process) {@code jobnetId}. */
  private static boolean within(ActivityImpl activity, String jobnetId) {
    for (ScopeImpl s = activity.getFlowScope(); s instanceof ActivityImpl a; s = a.getFlowScope()) {
      if (a.getId().equals(jobnetId)) {
        return true;
      }
    }
    return false;
  }

  private static List<ExecutionEntity> executions(String processInstanceId) {
    return new ArrayList<>(command().getExecutionManager().findExecutionsByProcessInstanceId(processInstanceId));
  }

  private static ProcessDefinitionEntity definition(String processInstanceId) {
    ExecutionEntity instance = command().getExecutionManager().findExecutionById(processInstanceId);
    if (instance == null) {
      throw new IllegalArgumentException("no running process instance " + processInstanceId);
    }
    return instance.getProcessDefinition();
  }

  private static CommandContext command() {
    CommandContext context = Context.getCommandContext();
    if (context == null) {
      throw new IllegalStateException("runs are controlled inside engine commands only");
    }
    return context;
  }
}
