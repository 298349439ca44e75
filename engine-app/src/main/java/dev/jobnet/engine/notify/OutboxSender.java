package dev.jobnet.engine.notify;

import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.notify.impl.OutboxSignal;
import dev.jobnet.engine.notify.impl.OutboxTable;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the mails of the outbox, on every engine-app node: one thread that claims what is due
 * (woken at once when a mail becomes due on this node, else every {@code poll-interval}), writes each
 * mail, hands it to the mail server and marks it SENT with the event MAIL_SENT in one transaction. A
 * failed send is tried again after a backoff ({@link Backoff.Exponential}) with MAIL_FAILING, until
 * {@code give-up-after}. A claim is a lease: if this node dies holding it, another sends the mail when
 * it runs out; so the only way a mail can go twice is this node dying (or losing its database) in the
 * instant between the server accepting it and the row being marked, and then both copies carry the
 * same Message-ID.
 */
public class OutboxSender implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

  private final OutboxTable outbox;
  private final MailComposer composer;
  private final JavaMailSender mailSender;
  private final EventLog events;
  private final OutboxSignal signal;
  private final NotifyProperties properties;
  private final Backoff backoff;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final String node;
  private final String messageIdDomain;
  private volatile boolean running;
  private Thread thread;

  OutboxSender(OutboxTable outbox, MailComposer composer, JavaMailSender mailSender, EventLog events,
      OutboxSignal signal, NotifyProperties properties, PlatformTransactionManager transactions, Clock clock) {
    this.outbox = outbox;
    this.composer = composer;
    this.mailSender = mailSender;
    this.events = events;
    this.signal = signal;
    this.properties = properties;
    this.backoff = new Backoff.Exponential(properties.retryInitial(), properties.retryMax());
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
    this.node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    this.messageIdDomain = domain(properties.cockpitUrl());
  }

  /** This node's name in the leases it takes. */
  public String node() {
    return node;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "jobnet-mail-sender");
    thread.setDaemon(true);
    thread.start();
    LOG.info("notification mails: sending as {} from {}", node, properties.from());
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    while (running) {
      try {
        sendDue();
      } catch (RuntimeException e) {
        LOG.warn("notification mails: could not look for mails due ({}); trying again in {}", e.getMessage(),
            properties.pollInterval());
      }
      try {
        signal.await(properties.pollInterval());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Sends what is due now and no other node holds; the number of mails this node handled. */
  public int sendDue() {
    int handled = 0;
    while (true) {
      List<Long> due = outbox.due(clock.instant(), properties.batchSize());
      int claimed = 0;
      for (long id : due) {
        Instant now = clock.instant();
        if (outbox.claim(id, node, now, now.plus(properties.lease()))) {
          outbox.find(id).ifPresent(this::deliver);
          claimed++;
        }
      }
      handled += claimed;
      if (due.size() < properties.batchSize() || claimed == 0) {
        return handled;
      }
    }
  }

  private void deliver(OutboxMail mail) {
    Optional<Mail> composed;
    try {
      composed = composer.compose(mail);
    } catch (RuntimeException e) {
      failed(mail, "the mail could not be written: " + e.getMessage());
      return;
    }
    if (composed.isEmpty()) {
      noRecipient(mail);
      return;
    }
    Mail m = composed.get();
    try {
      mailSender.send(message(mail, m));
    } catch (MailException | MessagingException e) {
      failed(mail, describe(e));
      return;
    }
    String to = String.join(", ", m.to());
    tx.executeWithoutResult(s -> {
      if (outbox.finish(mail.id(), node, OutboxState.SENT, to, null, clock.instant())) {
        events.record(event(EventKind.MAIL_SENT, mail).message(mail.kind() + " mail sent to " + to)
            .detail("recipients", m.to()).detail("subject", m.subject()));
      } else {
        LOG.warn("notification mail {} was sent, but this node's claim on it had run out meanwhile", mail.id());
      }
    });
  }

  private void noRecipient(OutboxMail mail) {
    String why = mail.kind() == MailKind.RUN_ENDED
        ? "nobody to tell: the run has no start variable notifyEmail, and neither its userId nor the user who started "
            + "it has an e-mail"
        : "nobody to tell: no member of jobnet-admins has an e-mail, and JOBNET_ADMIN_EMAIL is not set";
    tx.executeWithoutResult(s -> {
      if (outbox.finish(mail.id(), node, OutboxState.NO_RECIPIENT, null, why, clock.instant())) {
        events.record(event(EventKind.MAIL_FAILING, mail).message(mail.kind() + " mail not sent: " + why)
            .detail("gaveUp", Boolean.TRUE).detail("error", why));
      }
    });
    LOG.info("notification mail {} ({}) not sent: {}", mail.id(), mail.kind(), why);
  }

  private void failed(OutboxMail mail, String error) {
    Instant now = clock.instant();
    boolean giveUp = !Duration.between(mail.createdAt(), now).minus(properties.giveUpAfter()).isNegative();
    Instant next = now.plus(backoff.after(mail.attempts()));
    tx.executeWithoutResult(s -> {
      boolean mine = giveUp ? outbox.finish(mail.id(), node, OutboxState.GAVE_UP, null, error, now)
          : outbox.postpone(mail.id(), node, next, error);
      if (mine) {
        events.record(event(EventKind.MAIL_FAILING, mail)
            .message(mail.kind() + " mail, attempt " + mail.attempts() + ": " + error
                + (giveUp ? "; given up: not sent for " + dev.jobnet.engine.api.Words.duration(properties.giveUpAfter()) : "; trying again at " + next))
            .detail("error", error).detail("gaveUp", giveUp).detail("nextAttemptAt", giveUp ? null : next.toString()));
      }
    });
    if (giveUp) {
      LOG.error("notification mail {} ({}) given up after {} attempts: {}", mail.id(), mail.kind(), mail.attempts(),
          error);
    } else {
      LOG.warn("notification mail {} ({}) attempt {} failed: {}; trying again at {}", mail.id(), mail.kind(),
          mail.attempts(), error, next);
    }
  }

  private NewEvent event(EventKind kind, OutboxMail mail) {
    return NewEvent.of(kind).inRun(mail.rootRunId(), mail.runId()).element(mail.elementId())
        .detail("mail", mail.kind().name()).detail("outboxId", mail.id()).detail("attempt", mail.attempts());
  }

  private MimeMessage message(OutboxMail row, Mail mail) throws MessagingException {
    MimeMessage message = mailSender.createMimeMessage();
    MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
    helper.setFrom(properties.from());
    helper.setTo(mail.to().toArray(String[]::new));
    helper.setSubject(mail.subject());
    helper.setText(mail.body().text(), mail.body().html());
    // the same for every try of one mail: kept by the sender (Spring keeps a Message-ID set beforehand)
    message.setHeader("Message-ID", "<jobnet-mail-" + row.id() + "." + row.eventId() + "@" + messageIdDomain + ">");
    message.setHeader("Auto-Submitted", "auto-generated");
    message.setHeader("X-Jobnet-Mail", row.kind().name());
    if (row.rootRunId() != null) {
      message.setHeader("X-Jobnet-Run", row.rootRunId());
    }
    return message;
  }

  /** "7 days", "12 hours", "90 minutes", else ISO-8601. */
  private static String describe(Exception e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    for (int i = 0; cause != null && i < 3; i++, cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString();
  }

  private static String domain(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null || host.isBlank() ? "jobnet" : host;
    } catch (IllegalArgumentException e) {
      return "jobnet";
    }
  }
}
