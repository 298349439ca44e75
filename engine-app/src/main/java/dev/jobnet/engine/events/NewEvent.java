package dev.jobnet.engine.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event to record with {@link EventLog#record(NewEvent)}. Only {@code kind} is required; the run
 * ids place it in a run (both the root run and the process instance the element belongs to, which
 * differ inside an expanded jobnet); the root run and the tenant are looked up from {@code runId}
 * when not given.
 *
 * @param rootRunId the top-level root run (a Camunda process instance id); null: that of {@code
 *     runId}, or none for events of no run
 * @param runId the process instance the element belongs to; null: the root run
 * @param elementId the job or jobnet (BPMN activity id = job path, e.g. {@code load.part1}), or null
 * @param tenantId the run's tenant; null: none when {@code tenantGiven}, else looked up from the run
 * @param actor who caused it: a user (operator, application) or an agent; null if nobody in particular
 * @param message one line in an operator's words
 * @param details further facts, JSON-friendly values (strings, numbers, booleans, lists, maps)
 * @param tenantGiven whether the caller said the tenant ({@link #tenant}), so that a run of no tenant
 *     is not looked up for it
 */
public record NewEvent(EventKind kind, String rootRunId, String runId, String elementId, String tenantId,
    String actor, String message, Map<String, Object> details, boolean tenantGiven) {

  public NewEvent {
    Objects.requireNonNull(kind, "kind");
    if (runId == null) {
      runId = rootRunId;
    }
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** An event of this kind with nothing else yet. */
  public static NewEvent of(EventKind kind) {
    return new NewEvent(kind, null, null, null, null, null, null, null, false);
  }

  /** In the run {@code rootRunId} itself (a root run). */
  public NewEvent inRun(String rootRunId) {
    return inRun(rootRunId, rootRunId);
  }

  /** In process instance {@code runId}, whatever its root run is (looked up when recorded). */
  public NewEvent inProcessInstance(String runId) {
    return new NewEvent(kind, null, runId, elementId, tenantId, actor, message, details, tenantGiven);
  }

  /** In process instance {@code runId} of the root run {@code rootRunId}. */
  public NewEvent inRun(String rootRunId, String runId) {
    return new NewEvent(kind, rootRunId, runId, elementId, tenantId, actor, message, details, tenantGiven);
  }

  public NewEvent element(String elementId) {
    return new NewEvent(kind, rootRunId, runId, elementId, tenantId, actor, message, details, tenantGiven);
  }

  /** Of the tenant {@code tenantId}; null: of no tenant (not looked up). */
  public NewEvent tenant(String tenantId) {
    return new NewEvent(kind, rootRunId, runId, elementId, tenantId, actor, message, details, true);
  }

  public NewEvent actor(String actor) {
    return new NewEvent(kind, rootRunId, runId, elementId, tenantId, actor, message, details, tenantGiven);
  }

  public NewEvent message(String message) {
    return new NewEvent(kind, rootRunId, runId, elementId, tenantId, actor, message, details, tenantGiven);
  }

  /** With one more detail; a null value is left out. */
  public NewEvent detail(String key, Object value) {
    if (value == null) {
      return this;
    }
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(key, value);
    return new NewEvent(kind, rootRunId, runId, elementId, tenantId, actor, message, more, tenantGiven);
  }
}
