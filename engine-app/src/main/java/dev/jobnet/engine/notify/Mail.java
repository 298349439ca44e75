package dev.jobnet.engine.notify;

import java.util.List;

/** A mail ready to send: to whom, the subject, and the body (plain text and HTML). */
public record Mail(List<String> to, String subject, MailBody body) {

  /** Every subject starts with this, so mails sort and filter together. */
  public static final String SUBJECT_PREFIX = "[jobnet] ";

  public Mail {
    to = List.copyOf(to);
  }
}
