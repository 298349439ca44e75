package dev.jobnet.engine.upkeep;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The database care of the engine app, under {@code jobnet.upkeep}; from the environment as
 * {@code JOBNET_UPKEEP_VACUUM} and {@code JOBNET_UPKEEP_VACUUM_INTERVAL}. Documented in
 * {@code docs/deploying.md}.
 *
 * @param vacuum when to vacuum the hot runtime tables: AUTO (on PostgreSQL whose autovacuum is off;
 *     the default), ALWAYS (on PostgreSQL), NEVER
 * @param vacuumInterval how often; default 20 s
 */
@ConfigurationProperties("jobnet.upkeep")
public record UpkeepProperties(
    @DefaultValue("AUTO") VacuumMode vacuum,
    @DefaultValue(UpkeepProperties.DEFAULT_VACUUM_INTERVAL) Duration vacuumInterval) {

  public static final String DEFAULT_VACUUM_INTERVAL = "PT20S";

  public UpkeepProperties {
    if (vacuumInterval.isNegative() || vacuumInterval.isZero()) {
      throw new IllegalArgumentException("jobnet.upkeep.vacuum-interval must be positive, was " + vacuumInterval);
    }
  }
}
