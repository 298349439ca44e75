package dev.jobnet.engine.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The metrics, under {@code jobnet.metrics}; from the environment as {@code JOBNET_METRICS_CACHE_FOR}.
 * Documented in {@code docs/metrics.md}.
 *
 * @param cacheFor how long the counts behind the gauges are kept: the jobs, agents and outbox queries
 *     run at most once per this time, however many scrapes and gauges read them; positive; default 5 s
 */
@ConfigurationProperties("jobnet.metrics")
public record MetricsProperties(@DefaultValue(DEFAULT_CACHE_FOR) Duration cacheFor) {

  public static final String DEFAULT_CACHE_FOR = "PT5S";

  public MetricsProperties {
    if (cacheFor.isNegative() || cacheFor.isZero()) {
      throw new IllegalArgumentException("jobnet.metrics.cache-for must be positive, was " + cacheFor);
    }
  }
}
