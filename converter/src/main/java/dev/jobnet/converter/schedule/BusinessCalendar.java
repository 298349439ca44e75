package dev.jobnet.converter.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The days a calendar is open: its weekdays, but its holidays.
 *
 * @param name its name in the YAML ({@code calendars:})
 * @param weekdays the days of the week it is open
 * @param holidays the dates it is closed although their weekday is open
 */
public record BusinessCalendar(String name, Set<DayOfWeek> weekdays, SortedSet<LocalDate> holidays) {

  /** How far an open day is looked for before and after a closed one: a calendar closed longer has none. */
  static final int SEARCH_DAYS = 366;

  public BusinessCalendar {
    weekdays = weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
    holidays = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(holidays));
  }

  public boolean isOpen(LocalDate date) {
    return weekdays.contains(date.getDayOfWeek()) && !holidays.contains(date);
  }

  /** The first open day after {@code date}, within {@link #SEARCH_DAYS}. */
  public Optional<LocalDate> nextOpen(LocalDate date) {
    return step(date, 1);
  }

  /** The last open day before {@code date}, within {@link #SEARCH_DAYS}. */
  public Optional<LocalDate> previousOpen(LocalDate date) {
    return step(date, -1);
  }

  private Optional<LocalDate> step(LocalDate date, int by) {
    LocalDate d = date;
    for (int i = 0; i < SEARCH_DAYS; i++) {
      d = d.plusDays(by);
      if (isOpen(d)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The longest stretch of closed days that touches [{@code from}, {@code to}]: how far a shift may reach. */
  int longestClosedStretch(LocalDate from, LocalDate to) {
    int longest = 0;
    int run = 0;
    for (LocalDate d = from.minusDays(SEARCH_DAYS); !d.isAfter(to.plusDays(SEARCH_DAYS)); d = d.plusDays(1)) {
      run = isOpen(d) ? 0 : run + 1;
      longest = Math.max(longest, Math.min(run, SEARCH_DAYS));
    }
    return longest;
  }
}
