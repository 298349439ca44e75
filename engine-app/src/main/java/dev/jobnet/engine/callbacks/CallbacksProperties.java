package dev.jobnet.engine.callbacks;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The callbacks of http jobs, under {@code jobnet.callbacks} ({@code docs/http-jobs.md}).
 *
 * @param baseUrl the engine app's URL as the backends reach it ({@code https://jobs.example.com}); the
 *     callback URLs are {@code <baseUrl>/jobnet-api/callbacks/<token>}. Default: the URL the agent
 *     reached the engine app at
 * @param interval how often the engine looks for callbacks past their job's timeout; default 5 s
 * @param waitWithoutTimeout how long a job without a timeout waits for its callback; default 7 days
 */
@ConfigurationProperties("jobnet.callbacks")
public record CallbacksProperties(
    URI baseUrl,
    @DefaultValue("PT5S") Duration interval,
    @DefaultValue("P7D") Duration waitWithoutTimeout) {

  public CallbacksProperties {
    if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null)) {
      throw new IllegalArgumentException("jobnet.callbacks.base-url must be an absolute URL such as"
          + " https://jobs.example.com, was '" + baseUrl + "'");
    }
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("jobnet.callbacks.interval must be longer than zero, was " + interval);
    }
  }
}
