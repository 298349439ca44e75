package dev.jobnet.engine.notify;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification mails, under {@code jobnet.notify} ({@code docs/notifications.md}); the mail server
 * itself is Spring Boot's {@code spring.mail.*} ({@code SPRING_MAIL_HOST}, {@code SPRING_MAIL_PORT},
 * ...). Without {@code spring.mail.host} no mail is due and none is sent.
 *
 * @param enabled false: no mail, whatever else is set
 * @param from the sender address ({@code JOBNET_MAIL_FROM})
 * @param cockpitUrl the address users reach the engine app at, for the links in mails
 *     ({@code JOBNET_PUBLIC_URL}); links are {@code <cockpitUrl>/camunda/app/cockpit/...}
 * @param timeZone the zone times in mails are written in
 * @param outputLines the lines of a job's stdout and stderr shown in the administrators' mails
 * @param pollInterval how often each node looks for mails due (besides being woken at once when a
 *     mail becomes due on it)
 * @param batchSize mails a node claims in one go
 * @param retryInitial the wait after the first failed send; doubled after each further failure
 * @param retryMax the longest wait between two sends of one mail
 * @param lease how long a node's claim on a mail holds; longer than the SMTP timeouts, so that a
 *     claim runs out only when its node died
 * @param giveUpAfter a mail that could not be sent for this long is given up (MAIL_FAILING, gaveUp)
 */
@ConfigurationProperties("jobnet.notify")
public record NotifyProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue(DEFAULT_FROM) String from,
    @DefaultValue(DEFAULT_COCKPIT_URL) String cockpitUrl,
    ZoneId timeZone,
    @DefaultValue("20") int outputLines,
    @DefaultValue("PT5S") Duration pollInterval,
    @DefaultValue("20") int batchSize,
    @DefaultValue("PT30S") Duration retryInitial,
    @DefaultValue("PT30M") Duration retryMax,
    @DefaultValue("PT5M") Duration lease,
    @DefaultValue("P7D") Duration giveUpAfter) {

  public static final String DEFAULT_FROM = "jobnet@localhost";
  public static final String DEFAULT_COCKPIT_URL = "http://localhost:8080";

  public NotifyProperties {
    timeZone = timeZone == null ? ZoneId.systemDefault() : timeZone;
    cockpitUrl = cockpitUrl.endsWith("/") ? cockpitUrl.substring(0, cockpitUrl.length() - 1) : cockpitUrl;
    positive("poll-interval", pollInterval);
    positive("retry-initial", retryInitial);
    positive("retry-max", retryMax);
    positive("lease", lease);
    positive("give-up-after", giveUpAfter);
    if (outputLines < 0 || batchSize < 1) {
      throw new IllegalArgumentException("jobnet.notify.output-lines must be 0 or more and jobnet.notify.batch-size "
          + "1 or more, were " + outputLines + " and " + batchSize);
    }
  }

  private static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("jobnet.notify." + name + " must be positive, was " + d);
    }
  }
}
