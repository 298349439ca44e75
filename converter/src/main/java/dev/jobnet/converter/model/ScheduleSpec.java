package dev.jobnet.converter.model;

import dev.jobnet.converter.schedule.BusinessCalendar;
import dev.jobnet.converter.schedule.ClosedDay;
import dev.jobnet.converter.schedule.Missed;
import dev.jobnet.converter.schedule.Overlap;
import java.util.Optional;

/**
 * A root jobnet's {@code schedule:} as written.
 *
 * <p>The short form, {@code schedule: "0 0 2 * * ?"}, is the long form with its defaults (the engine's
 * zone, every day open, missed ticks once, overlapping ticks skipped); both are read by the engine app's
 * scheduler with every rule of {@code docs/schedules.md}.
 *
 * @param cron the cron expression
 * @param timezone the zone its times are read in; empty: the engine's
 * @param calendarName the business calendar, by name ({@code calendars:}); empty: every day
 * @param calendar that calendar, once resolved over the whole set; empty before, or without one
 * @param calendarAt where the calendar is named, for findings about it
 */
public record ScheduleSpec(String cron, Optional<String> timezone, Optional<String> calendarName,
    Optional<BusinessCalendar> calendar, ClosedDay onClosedDay, Missed missed, Overlap overlap,
    Location calendarAt) {

  /** The short form: the cron with the long form's defaults. */
  public static ScheduleSpec shortForm(String cron) {
    return new ScheduleSpec(cron, Optional.empty(), Optional.empty(), Optional.empty(), ClosedDay.SKIP, Missed.ONE,
        Overlap.SKIP, null);
  }

  /** The same with its calendar resolved. */
  public ScheduleSpec withCalendar(BusinessCalendar resolved) {
    return new ScheduleSpec(cron, timezone, calendarName, Optional.of(resolved), onClosedDay, missed, overlap, calendarAt);
  }
}
