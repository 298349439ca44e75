package dev.jobnet.engine.schedules;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scheduler, under {@code jobnet.schedules} ({@code JOBNET_SCHEDULES_INTERVAL}, ...). Documented
 * in {@code docs/schedules.md}.
 *
 * @param interval how often the scheduler looks for due ticks; a run starts at most this late; default 5 s
 * @param lateAfter a tick the scheduler first sees more than this after its time was missed (no engine
 *     ran): its jobnet's {@code missed} rule decides; default 1 minute
 * @param zone the zone of schedules without {@code timezone:}; default the JVM's (as Camunda's timer start
 *     events of the short form)
 * @param enabled whether this node's scheduler looks at all (on several nodes, any number may: each
 *     tick runs once); default true
 */
@ConfigurationProperties("jobnet.schedules")
public record SchedulesProperties(
    @DefaultValue("PT5S") Duration interval,
    @DefaultValue("PT1M") Duration lateAfter,
    ZoneId zone,
    @DefaultValue("true") boolean enabled) {

  public SchedulesProperties {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("jobnet.schedules.interval must be longer than zero, was " + interval);
    }
    if (lateAfter.compareTo(interval) <= 0) {
      throw new IllegalArgumentException("jobnet.schedules.late-after (" + lateAfter + ") must be longer than"
          + " jobnet.schedules.interval (" + interval + "): else ticks on time count as missed");
    }
    zone = zone == null ? ZoneId.systemDefault() : zone;
  }
}
