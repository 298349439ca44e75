/**
 * When a scheduled root jobnet runs (issue 18, {@code docs/schedules.md} once the engine's scheduler
 * uses it): a cron expression read as the engine's timers read it, in the schedule's own time zone,
 * on the open days of a business calendar, with the rules for daylight saving, closed days, missed
 * ticks and overlapping runs. Pure computations on an instant range: the engine's scheduler and the
 * forecast ask the same questions of the same code.
 */
package dev.jobnet.converter.schedule;
