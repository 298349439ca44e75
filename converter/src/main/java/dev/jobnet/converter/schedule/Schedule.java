package dev.jobnet.converter.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A root jobnet's schedule: when its runs are due.
 *
 * <p>The cron expression is read as Camunda 7.24's timers read it (cron-utils, Spring 5.3 syntax), on
 * the local date-times of the schedule's zone. A local time a spring-forward day skips runs once, at
 * the first instant after it (the transition); one a fall-back day has twice runs once, at the first
 * of the two. A tick on a day the calendar closes is skipped or moved to the next or previous open day,
 * at the same time of day; a moved tick that lands on a time that has a tick of its own merges with it
 * (one run).
 *
 * @param cron the cron expression (six fields, see {@code CronExpressions})
 * @param zone the zone its times are read in
 * @param calendar the open days, or null: every day
 * @param onClosedDay what a tick on a closed day does
 * @param missed what ticks missed while no engine ran become
 * @param overlap what a tick does while the previous run still runs
 */
public record Schedule(String cron, ZoneId zone, BusinessCalendar calendar, ClosedDay onClosedDay, Missed missed,
    Overlap overlap) {

  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

  public Schedule {
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(onClosedDay, "onClosedDay");
    Objects.requireNonNull(missed, "missed");
    Objects.requireNonNull(overlap, "overlap");
  }

  /** The short form, {@code schedule: "0 0 2 * * ?"}: the defaults, every day, in {@code zone}. */
  public static Schedule of(String cron, ZoneId zone) {
    return new Schedule(cron, zone, null, ClosedDay.SKIP, Missed.ONE, Overlap.SKIP);
  }

  /** Why the cron expression cannot be read, if it cannot. */
  public static Optional<String> cronProblem(String cron) {
    try {
      PARSER.parse(cron).validate();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The runs due after {@code after} and up to {@code until} included, in time order. */
  public List<Tick> ticks(Instant after, Instant until) {
    if (!until.isAfter(after)) {
      return List.of();
    }
    ZoneRules rules = zone.getRules();
    LocalDateTime from = LocalDateTime.ofInstant(after, zone);
    LocalDateTime to = LocalDateTime.ofInstant(until, zone);
    // a shift moves a tick by up to the longest closed stretch, and the zone's offsets by a day at most
    int reach = 1 + (calendar == null || onClosedDay == ClosedDay.SKIP ? 0
        : calendar.longestClosedStretch(from.toLocalDate(), to.toLocalDate()));
    Map<LocalDateTime, List<String>> local = localTicks(from.minusDays(reach), to.plusDays(reach));
    // to instants: a gap's times run once at its end, a fall-back's repeated times once, the first time
    TreeMap<Instant, Tick> byInstant = new TreeMap<>();
    for (Map.Entry<LocalDateTime, List<String>> e : local.entrySet()) {
      LocalDateTime t = e.getKey();
      List<String> notes = new ArrayList<>(e.getValue());
      Instant at;
      List<ZoneOffset> offsets = rules.getValidOffsets(t);
      if (offsets.isEmpty()) {
        ZoneOffsetTransition gap = rules.getTransition(t);
        at = gap.getInstant();
        notes.add(t.toLocalTime() + " does not exist on " + t.toLocalDate() + " in " + zone + " (clocks go forward"
            + " at " + gap.getDateTimeBefore().toLocalTime() + "): runs at " + gap.getDateTimeAfter().toLocalTime());
      } else {
        at = t.atOffset(offsets.get(0)).toInstant();
        if (offsets.size() > 1) {
          notes.add(t.toLocalTime() + " happens twice on " + t.toLocalDate() + " in " + zone + " (clocks go back):"
              + " runs once, the first time (" + offsets.get(0) + ")");
        }
      }
      if (!at.isAfter(after) || at.isAfter(until)) {
        continue;
      }
      Tick existing = byInstant.get(at);
      if (existing != null) {
        List<String> merged = new ArrayList<>(existing.notes());
        merged.addAll(notes);
        byInstant.put(at, new Tick(at, existing.local(), merged));
      } else {
        byInstant.put(at, new Tick(at, t, notes));
      }
    }
    return List.copyOf(byInstant.values());
  }

  /** The next run due after {@code after}, looking at most a year and a day ahead. */
  public Optional<Tick> next(Instant after) {
    Instant until = after.atZone(zone).plusYears(1).plusDays(1).toInstant();
    Instant from = after;
    // day by day windows growing: most schedules tick within a day
    for (long days = 1; ; days *= 4) {
      Instant to = after.atZone(zone).plusDays(days).toInstant();
      if (to.isAfter(until)) {
        to = until;
      }
      List<Tick> ticks = ticks(from, to);
      if (!ticks.isEmpty()) {
        return Optional.of(ticks.get(0));
      }
      if (!to.isBefore(until)) {
        return Optional.empty();
      }
      from = to;
    }
  }

  /**
   * The local date-times the cron matches in [{@code from}, {@code to}], after the closed-day rule, each
   * with its notes; ticks moved onto the same time merge.
   */
  private Map<LocalDateTime, List<String>> localTicks(LocalDateTime from, LocalDateTime to) {
    Cron parsed = PARSER.parse(cron);
    ExecutionTime times = ExecutionTime.forCron(parsed);
    // local date-times as UTC: no offsets, so no daylight saving between matches
    List<LocalDateTime> nominal = new ArrayList<>();
    ZonedDateTime cursor = from.minusSeconds(1).atZone(ZoneOffset.UTC);
    while (true) {
      Optional<ZonedDateTime> next = times.nextExecution(cursor);
      if (next.isEmpty() || next.get().toLocalDateTime().isAfter(to)) {
        break;
      }
      nominal.add(next.get().toLocalDateTime());
      cursor = next.get();
    }
    Map<LocalDateTime, List<String>> out = new LinkedHashMap<>();
    List<Map.Entry<LocalDateTime, String>> moved = new ArrayList<>();
    for (LocalDateTime t : nominal) {
      LocalDate day = t.toLocalDate();
      if (calendar == null || calendar.isOpen(day)) {
        out.putIfAbsent(t, new ArrayList<>());
        continue;
      }
      Optional<LocalDate> open = switch (onClosedDay) {
        case SKIP -> Optional.empty();
        case NEXT_OPEN_DAY -> calendar.nextOpen(day);
        case PREVIOUS_OPEN_DAY -> calendar.previousOpen(day);
      };
      open.ifPresent(d -> moved.add(Map.entry(d.atTime(t.toLocalTime()), "moved from " + day + ", a day calendar "
          + calendar.name() + " closes, to the " + (onClosedDay == ClosedDay.NEXT_OPEN_DAY ? "next" : "previous")
          + " open day")));
    }
    for (Map.Entry<LocalDateTime, String> m : moved) {
      List<String> notes = out.get(m.getKey());
      if (notes == null) {
        out.put(m.getKey(), new ArrayList<>(List.of(m.getValue())));
      } else {
        notes.add(m.getValue() + ", where it merges with the run of that time");
      }
    }
    Map<LocalDateTime, List<String>> sorted = new TreeMap<>(Comparator.naturalOrder());
    sorted.putAll(out);
    return sorted;
  }
}
