package dev.jobnet.engine.schedules;

import dev.jobnet.converter.schedule.Schedule;
import java.time.Instant;

/**
 * A deployed root jobnet with a schedule: its latest version's.
 *
 * @param key the jobnet (process definition key)
 * @param tenantId its tenant, or null
 * @param definitionId the latest version, which the scheduler starts
 * @param schedule when its runs are due
 * @param byScheduler started by the engine app's scheduler (the long form); false: by Camunda's timer
 *     start event (the short form, its cron in the engine's zone)
 * @param since the deployment of that version: ticks before it are not its to run (a redeployment
 *     starts no missed run)
 */
public record ScheduledJobnet(String key, String tenantId, String definitionId, Schedule schedule,
    boolean byScheduler, Instant since) {

  /** The tenant as the tick table keeps it: '' for none. */
  String tenantKey() {
    return tenantId == null ? "" : tenantId;
  }
}
