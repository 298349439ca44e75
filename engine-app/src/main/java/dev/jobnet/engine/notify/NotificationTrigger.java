package dev.jobnet.engine.notify;

import dev.jobnet.engine.events.AfterCommit;
import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventSubscriber;
import dev.jobnet.engine.notify.impl.OutboxSignal;
import dev.jobnet.engine.notify.impl.OutboxTable;
import dev.jobnet.engine.semantics.NodeKind;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which events make a mail due, and writes it to the outbox in the event's own transaction
 * (so a mail is due exactly when its event happened, and not when it was rolled back):
 *
 * <ul>
 *   <li>JOBNET_ENDED of a top-level root run: {@link MailKind#RUN_ENDED} to the user who started it;
 *   <li>JOB_FAILED of a job that used up its retries ({@code final}): {@link MailKind#JOB_FAILED} to
 *       the administrators;
 *   <li>JOB_STUCK: {@link MailKind#JOB_STUCK} to the administrators.
 * </ul>
 *
 * The recipients are found when the mail is sent. Nothing is due while mail is off.
 */
public class NotificationTrigger implements EventSubscriber {

  private final OutboxTable outbox;
  private final OutboxSignal signal;
  private final Clock clock;

  public NotificationTrigger(OutboxTable outbox, OutboxSignal signal, Clock clock) {
    this.outbox = outbox;
    this.signal = signal;
    this.clock = clock;
  }

  /** The mail an event makes due, if any. */
  static Optional<MailKind> mailFor(Event event) {
    return switch (event.kind()) {
      case JOBNET_ENDED -> event.rootRunId() != null && event.rootRunId().equals(event.runId())
          ? Optional.of(MailKind.RUN_ENDED) : Optional.empty();
      case JOB_FAILED -> NodeKind.JOB.property().equals(event.detail("node")) && "true".equals(event.detail("final"))
          ? Optional.of(MailKind.JOB_FAILED) : Optional.empty();
      case JOB_STUCK -> Optional.of(MailKind.JOB_STUCK);
      default -> Optional.empty();
    };
  }

  @Override
  public void onEvent(Event event) {
    Optional<MailKind> kind = mailFor(event);
    if (kind.isEmpty()) {
      return;
    }
    Map<String, Object> facts = new LinkedHashMap<>(event.details());
    facts.put("message", event.message());
    facts.put("actor", event.actor());
    facts.put("time", event.time().toString());
    facts.values().removeIf(v -> v == null);
    outbox.add(event.id(), kind.get(), event.rootRunId(), event.runId(), event.elementId(), facts, clock.instant());
    AfterCommit.run("wake the mail sender", signal::mailDue);
  }
}
