/**
 * The event log ({@code docs/events.md}): one place that tells operators what happened, in order —
 * jobs started, succeeded, failed (with the attempt), retried, skipped, stuck, resolved and stopped;
 * jobnets started and ended; agents online and offline; mails sent or failing — in our table
 * {@code jobnet_event}, read with {@code GET /jobnet-api/events}.
 *
 * <p>{@link dev.jobnet.engine.events.EventLog#record} is the API for every feature; it writes on the
 * caller's transaction, so an event commits and rolls back with what it tells of. What the engine does
 * is recorded from inside its commands: the jobnet semantics' listener ({@code impl.SemanticsEvents})
 * and a history event handler beside Camunda's ({@code impl.ExternalTaskHistoryEvents}).
 * {@link dev.jobnet.engine.events.EventSubscriber}s are told in the same transaction (notifications,
 * metrics).
 * Knows the engine and {@code semantics}; nothing of mail. Which agent started which attempt of a job
 * it asks through {@link dev.jobnet.engine.events.JobStarts}, which {@code jobs} answers: {@code jobs}
 * records events, so the event log does not import it back.
 */
package dev.jobnet.engine.events;
