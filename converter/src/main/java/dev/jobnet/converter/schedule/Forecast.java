package dev.jobnet.converter.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The runs scheduled root jobnets will have, one line each, {@code <root-id> <ISO-8601 date-time with
 * the offset of the schedule's zone>}, in time order (ties by root id), from day {@code from} (in each
 * schedule's own zone) for {@code days} days.
 */
public final class Forecast {

  /** One run of the forecast. */
  public record Run(String root, Tick tick, Schedule schedule) {

    /** {@code nightly 2026-12-29T02:00:00+09:00}. */
    public String line() {
      return root + " " + tick.in(schedule.zone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
  }

  private Forecast() {}

  public static List<Run> of(Map<String, Schedule> schedules, LocalDate from, int days) {
    if (days < 0) {
      throw new IllegalArgumentException("days must be 0 or more, not " + days);
    }
    List<Run> runs = new ArrayList<>();
    schedules.forEach((root, schedule) -> {
      Instant start = from.atStartOfDay(schedule.zone()).toInstant();
      Instant end = from.plusDays(days).atStartOfDay(schedule.zone()).toInstant();
      // ticks in [start, end): after the instant just before the start, up to the one just before the end
      for (Tick tick : schedule.ticks(start.minusNanos(1), end.minusNanos(1))) {
        runs.add(new Run(root, tick, schedule));
      }
    });
    runs.sort(Comparator.comparing((Run r) -> r.tick().at()).thenComparing(Run::root));
    return List.copyOf(runs);
  }
}
