/**
 * Notification mails ({@code docs/notifications.md}): the user who started a root jobnet is told when
 * it ends, the administrators when a job used up its retries or became STUCK. Events make mails due
 * ({@link dev.jobnet.engine.notify.NotificationTrigger}, an event subscriber) by writing them to the
 * outbox {@code jobnet_mail_outbox} in the event's own transaction; every engine-app node sends what is
 * due ({@link dev.jobnet.engine.notify.OutboxSender}), claiming each mail with an atomic update on a
 * lease, trying failed sends again with backoff. The mail server is Spring Boot's {@code spring.mail.*};
 * without one, nothing is due.
 *
 * <p>Knows the event log, the run tree ({@code runs}) and job output ({@code jobs}); the engine only
 * through its services.
 */
package dev.jobnet.engine.notify;
