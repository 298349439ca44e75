package dev.jobnet.engine.notify;

import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.notify.impl.OutboxSignal;
import dev.jobnet.engine.notify.impl.OutboxTable;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Notifications are on when a mail server is configured ({@code spring.mail.host}) and
 * {@code jobnet.notify.enabled} is not false: then events make mails due ({@link NotificationTrigger})
 * and every node sends them ({@link OutboxSender}). Otherwise nothing is written to the outbox.
 */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

  static final String MAIL_ON = "'${spring.mail.host:}' != '' and '${jobnet.notify.enabled:true}' == 'true'";

  private static final Logger LOG = LoggerFactory.getLogger(NotifyConfiguration.class);

  @Bean
  @ConditionalOnExpression(MAIL_ON)
  NotificationTrigger notificationTrigger(OutboxTable outbox, OutboxSignal signal, Clock clock) {
    return new NotificationTrigger(outbox, signal, clock);
  }

  @Bean
  @ConditionalOnExpression(MAIL_ON)
  OutboxSender outboxSender(OutboxTable outbox, MailComposer composer, JavaMailSender mailSender, EventLog events,
      OutboxSignal signal, NotifyProperties properties, PlatformTransactionManager transactions, Clock clock) {
    return new OutboxSender(outbox, composer, mailSender, events, signal, properties, transactions, clock);
  }

  /** Says once at start-up when notifications are off, and why. */
  @Bean
  InitializingBean notificationsOffNotice(Environment environment) {
    return () -> {
      if (environment.getProperty("spring.mail.host", "").isBlank()) {
        LOG.info("notification mails are off: no mail server configured (SPRING_MAIL_HOST)");
      } else if (!environment.getProperty("jobnet.notify.enabled", Boolean.class, true)) {
        LOG.info("notification mails are off: jobnet.notify.enabled is false");
      }
    };
  }
}
