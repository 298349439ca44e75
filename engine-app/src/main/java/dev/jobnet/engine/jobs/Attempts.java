package dev.jobnet.engine.jobs;

import dev.jobnet.engine.semantics.JobnetVariables;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;

/**
 * Which attempt of a job is on its external task, counted as the agents count it
 * ({@code docs/agent-protocol.md}): {@code attempt = max(1, P - R + 1) + offset}, with {@code P} the
 * policy's retries ({@code jobnet.retries} on the job's BPMN element), {@code R} the engine's retries
 * ({@code P} before the first failure), and {@code offset} the attempts an operator's RETRY added
 * beyond the policy ({@link JobnetVariables#ATTEMPT_OFFSET}).
 */
@Component
public class Attempts {

  static final String RETRIES_PROPERTY = "jobnet.retries";

  private final RepositoryService repository;
  private final IdentityService identity;

  Attempts(RepositoryService repository, IdentityService identity) {
    this.repository = repository;
    this.identity = identity;
  }

  /**
   * The policy's retries of the task's job, from its BPMN element (Camunda caches the model); 0 when
   * it carries none. Read as the engine: agents and operators may work on runs without reading
   * definitions.
   */
  public int policyRetries(ExternalTask task) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      ModelElementInstance element = repository.getBpmnModelInstance(task.getProcessDefinitionId())
          .getModelElementById(task.getActivityId());
      if (element instanceof BaseElement base && base.getExtensionElements() != null) {
        for (CamundaProperties props : base.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
          for (CamundaProperty p : props.getCamundaProperties()) {
            if (RETRIES_PROPERTY.equals(p.getCamundaName()) && p.getCamundaValue() != null) {
              return Math.max(0, Integer.parseInt(p.getCamundaValue().trim()));
            }
          }
        }
      }
      return 0;
    } catch (NumberFormatException e) {
      return 0;
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }

  /** The attempt an agent fetching the task now would run. */
  public int current(ExternalTask task, Object offsetVariable) {
    int policy = policyRetries(task);
    int retries = task.getRetries() == null ? policy : task.getRetries();
    return Math.max(1, policy - retries + 1) + offset(offsetVariable);
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
