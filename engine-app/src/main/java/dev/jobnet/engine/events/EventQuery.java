package dev.jobnet.engine.events;

import java.time.Instant;
import java.util.Set;

/**
 * Which events to read, a page at a time. Every filter is optional (null or empty: any).
 *
 * @param elementId the job or jobnet (BPMN activity id)
 * @param from inclusive
 * @param to exclusive
 * @param tenantIds when not null, only events of runs of these tenants (an application's view)
 * @param page from 0
 * @param size events per page, 1 to {@link #MAX_SIZE}
 * @param newestFirst false: in the order they happened
 */
public record EventQuery(String rootRunId, String elementId, Set<EventKind> kinds, Instant from, Instant to,
    Set<String> tenantIds, int page, int size, boolean newestFirst) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  public EventQuery {
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    tenantIds = tenantIds == null ? null : Set.copyOf(tenantIds);
    if (page < 0) {
      throw new IllegalArgumentException("page must be 0 or more, was " + page);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", was " + size);
    }
  }

  /** Every event of a root run, in order, the first page. */
  public static EventQuery ofRun(String rootRunId) {
    return new EventQuery(rootRunId, null, Set.of(), null, null, null, 0, MAX_SIZE, false);
  }
}
