package dev.jobnet.engine.jobs;

import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.engine.security.AsEngine;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.RetryCount;
import dev.jobnet.protocol.RetryPolicy;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.springframework.stereotype.Component;

/**
 * Which attempt of a job is on its external task, counted as the agents count it: {@link RetryCount}
 * ({@code docs/agent-protocol.md}) with {@code P} the policy's retries ({@code jobnet.retries} on the
 * job's BPMN element), {@code R} the engine's retries (the runs left; null before the first
 * failure), and the attempts an operator's RETRY added beyond the policy
 * ({@link ProcessVariables#ATTEMPT_OFFSET}).
 */
@Component
public class Attempts {

  private final RepositoryService repository;
  private final IdentityService identity;

  Attempts(RepositoryService repository, IdentityService identity) {
    this.repository = repository;
    this.identity = identity;
  }

  /**
   * The policy's retries of the task's job, from its BPMN element (Camunda caches the model); the
   * built-in policy's when it carries none or an unreadable one, as the agents read it
   * ({@link RetryPolicy#of}). Read as the engine: agents and operators may work on runs without
   * reading definitions.
   */
  public int policyRetries(ExternalTask task) {
    return policyRetries(task.getProcessDefinitionId(), task.getActivityId());
  }

  /** The policy's retries of job {@code activityId} of a definition, as {@link #policyRetries(ExternalTask)}. */
  public int policyRetries(String processDefinitionId, String activityId) {
    return AsEngine.call(identity, () -> RetryPolicy.of(ExtensionProperties.of(
        repository.getBpmnModelInstance(processDefinitionId), activityId)).retries());
  }

  /** The attempt an agent fetching the task now would run. */
  public int current(ExternalTask task, Object offsetVariable) {
    return RetryCount.attempt(policyRetries(task), task.getRetries(), offset(offsetVariable));
  }

  /**
   * The retries to give a STUCK job back (retries 0) when its STUCK is undone: those it had before,
   * {@code before}, or, when it had none yet (null: before its first failure), the first engine retries
   * of its policy; at least 1, so that it can be fetched.
   */
  public int retriesToGiveBack(Integer before, ExternalTask task) {
    return retriesToGiveBack(before, task.getProcessDefinitionId(), task.getActivityId());
  }

  /** {@link #retriesToGiveBack(Integer, ExternalTask)} for job {@code activityId} of a definition. */
  public int retriesToGiveBack(Integer before, String processDefinitionId, String activityId) {
    return Math.max(1, before != null ? before
        : RetryCount.firstEngineRetries(policyRetries(processDefinitionId, activityId)));
  }

  /** Whether {@code marker} says that the attempt now on the task was started by the worker holding it. */
  public boolean startedNow(ExternalTask task, Optional<StartMarker> marker, Object offsetVariable) {
    return marker.isPresent() && marker.get().agent().equals(task.getWorkerId())
        && marker.get().attempt() == current(task, offsetVariable);
  }

  static int offset(Object value) {
    if (value instanceof Number n) {
      return Math.max(0, n.intValue());
    }
    if (value != null) {
      try {
        return Math.max(0, Integer.parseInt(value.toString().trim()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }
}
