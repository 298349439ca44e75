/**
 * The scheduler of root jobnets with a long-form {@code schedule:} ({@code docs/schedules.md}): it
 * starts each run its schedule asks for exactly once, also with several engine nodes (a tick is a row
 * of {@code jobnet_schedule_tick}, claimed before its run starts, in the run's transaction); handles
 * the ticks missed while no engine ran ({@code missed}) and those due while the previous run still runs
 * ({@code overlap}); and answers {@code GET /jobnet-api/schedules} with the runs to come. When the runs
 * are due is the converter's {@code dev.jobnet.converter.schedule}, the same code as the forecast's.
 */
package dev.jobnet.engine.schedules;
