package dev.jobnet.engine.events;

import dev.jobnet.engine.events.impl.EventTable;
import dev.jobnet.engine.events.impl.EventRuns;
import dev.jobnet.engine.events.impl.EventRuns.RunFacts;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The event log ({@code docs/events.md}): what happened to runs, jobs, agents and mails, in order,
 * in our table {@code jobnet_event}. {@link #record} writes on the current transaction when there is
 * one (a Spring {@code @Transactional} method, or an engine command: Camunda runs its commands in
 * Spring-managed transactions on the same data source), else on its own; {@link EventSubscriber}s
 * (notifications) are told in that same transaction.
 *
 * <p>Usage from other features:
 * <pre>{@code
 * eventLog.record(NewEvent.of(EventKind.JOB_RESOLVED).inRun(rootRunId, runId).element(elementId)
 *     .actor(operator).message("resolved as SUCCEEDED: checked the output").detail("action", "SUCCEEDED"));
 * eventLog.record(NewEvent.of(EventKind.AGENT_OFFLINE).actor(agentName).message("no heartbeat since 10:00:00Z"));
 * }</pre>
 */
@Service
public class EventLog {

  private final EventTable table;
  private final EventRuns runs;
  private final List<EventSubscriber> subscribers;
  private final Clock clock;

  EventLog(EventTable table, EventRuns runs, List<EventSubscriber> subscribers, Clock clock) {
    this.table = table;
    this.runs = runs;
    this.subscribers = List.copyOf(subscribers);
    this.clock = clock;
  }

  /** Records an event now and tells the subscribers; the event as stored. */
  public Event record(NewEvent event) {
    NewEvent complete = event;
    boolean tenantUnknown = event.tenantId() == null && !event.tenantGiven();
    if (event.runId() != null && (event.rootRunId() == null || tenantUnknown)) {
      Optional<RunFacts> facts = runs.of(event.runId());
      if (facts.isPresent()) {
        complete = event.rootRunId() == null ? complete.inRun(facts.get().rootRunId(), event.runId()) : complete;
        complete = tenantUnknown ? complete.tenant(facts.get().tenantId()) : complete;
      }
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Event stored = table.insert(complete, now);
    for (EventSubscriber subscriber : subscribers) {
      subscriber.onEvent(stored);
    }
    return stored;
  }

  /**
   * Records an event now; the same as {@link #record(NewEvent)} with its parts.
   *
   * @param rootRunId the top-level root run, or null
   * @param runId the process instance of the element (null: the root run)
   * @param elementId the job or jobnet, or null
   * @param actor who caused it, or null
   * @param details further facts, or null
   */
  public Event record(EventKind kind, String rootRunId, String runId, String elementId, String actor,
      String message, Map<String, ?> details) {
    NewEvent e = NewEvent.of(kind).inRun(rootRunId, runId).element(elementId).actor(actor).message(message);
    if (details != null) {
      for (Map.Entry<String, ?> d : details.entrySet()) {
        e = e.detail(d.getKey(), d.getValue());
      }
    }
    return record(e);
  }

  /** The events matching the query, a page of them, and how many match in all. */
  public EventPage find(EventQuery query) {
    return new EventPage(table.find(query), query.page(), query.size(), table.count(query));
  }
}
