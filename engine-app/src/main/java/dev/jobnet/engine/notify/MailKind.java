package dev.jobnet.engine.notify;

/** The notification mails ({@code docs/notifications.md}). */
public enum MailKind {
  /** To the user who started a root jobnet: it ended, whatever the outcome. */
  RUN_ENDED,
  /** To the administrators: a job used up its retries and FAILED. */
  JOB_FAILED,
  /** To the administrators: a job became STUCK. */
  JOB_STUCK
}
