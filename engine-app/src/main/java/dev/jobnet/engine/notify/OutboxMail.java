package dev.jobnet.engine.notify;

import java.time.Instant;
import java.util.Map;

/**
 * A row of the outbox: a mail due because of an event.
 *
 * @param facts what the event said (message, actor, details, time), as the mail tells it
 * @param attempts sends tried so far, the one under way included
 */
public record OutboxMail(long id, long eventId, MailKind kind, String rootRunId, String runId, String elementId,
    Map<String, Object> facts, OutboxState state, int attempts, Instant nextAttemptAt, String leaseOwner,
    String lastError, String recipients, Instant createdAt, Instant finishedAt) {

  /** A fact as text, or null. */
  public String fact(String key) {
    Object v = facts.get(key);
    return v == null ? null : v.toString();
  }
}
