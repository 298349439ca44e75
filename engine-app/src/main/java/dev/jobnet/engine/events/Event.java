package dev.jobnet.engine.events;

import java.time.Instant;
import java.util.Map;

/**
 * A recorded event, as {@code GET /jobnet-api/events} returns it.
 *
 * @param id increasing in the order events were recorded on one node
 * @param time when it was recorded (the engine app's clock)
 */
public record Event(long id, Instant time, EventKind kind, String rootRunId, String runId, String elementId,
    String tenantId, String actor, String message, Map<String, Object> details) {

  /** A detail as text, or null. */
  public String detail(String key) {
    Object v = details.get(key);
    return v == null ? null : v.toString();
  }
}
