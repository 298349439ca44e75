package dev.jobnet.engine.schedules;

import dev.jobnet.converter.schedule.Schedule;
import dev.jobnet.converter.schedule.Tick;
import dev.jobnet.engine.operations.OperationsException;
import dev.jobnet.engine.security.Callers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /jobnet-api/schedules?from=...&to=...}: each deployed scheduled jobnet, its schedule, the
 * runs it asks for between {@code from} and {@code to} (the forecast of what is deployed; default the
 * next 7 days) and its latest ticks with what became of them. {@code from} and {@code to} are
 * ISO-8601 instants with an offset, or dates (the start of that day in each schedule's zone).
 */
@RestController
@RequestMapping("/jobnet-api/schedules")
class SchedulesController {

  /** The longest range one call forecasts. */
  static final Duration MAX_RANGE = Duration.ofDays(400);
  private static final int RECENT_TICKS = 10;

  private final ScheduledJobnets jobnets;
  private final TickStore ticks;
  private final Callers callers;
  private final Clock clock;

  SchedulesController(ScheduledJobnets jobnets, TickStore ticks, Callers callers, Clock clock) {
    this.jobnets = jobnets;
    this.ticks = ticks;
    this.callers = callers;
    this.clock = clock;
  }

  @GetMapping
  List<Map<String, Object>> schedules(@RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    callers.requireOperator();
    // each bound is read in each schedule's zone below; checked here too, so that a wrong one is refused
    // also when nothing is scheduled
    if (from != null) {
      instant(from, "from", ZoneOffset.UTC);
    }
    if (to != null) {
      instant(to, "to", ZoneOffset.UTC);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    List<ScheduledJobnet> all = new ArrayList<>(jobnets.all());
    all.sort(Comparator.comparing(ScheduledJobnet::key).thenComparing(ScheduledJobnet::tenantKey));
    for (ScheduledJobnet j : all) {
      Schedule s = j.schedule();
      Instant start = from == null ? clock.instant() : instant(from, "from", j.schedule().zone());
      Instant end = to == null ? start.plus(Duration.ofDays(7)) : instant(to, "to", j.schedule().zone());
      if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
        throw OperationsException.badRequest("'to' must be after 'from' and at most " + MAX_RANGE.toDays()
            + " days after it");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("jobnet", j.key());
      m.put("tenantId", j.tenantId());
      m.put("definitionId", j.definitionId());
      m.put("startedBy", j.byScheduler() ? "scheduler" : "timer");
      m.put("cron", s.cron());
      m.put("timezone", s.zone().getId());
      m.put("calendar", s.calendar() == null ? null : s.calendar().name());
      m.put("onClosedDay", s.onClosedDay().yaml());
      m.put("missed", s.missed().yaml());
      m.put("overlap", s.overlap().yaml());
      List<Map<String, Object>> runs = new ArrayList<>();
      for (Tick t : s.ticks(start.minusNanos(1), end.minusNanos(1))) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("at", t.in(s.zone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        r.put("notes", t.notes());
        runs.add(r);
      }
      m.put("runs", runs);
      List<Map<String, Object>> recent = new ArrayList<>();
      for (TickStore.Row row : ticks.recent(j, RECENT_TICKS)) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tick", row.tickAt().atZone(s.zone()).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        r.put("state", row.state().name());
        r.put("runId", row.runId());
        r.put("reason", row.reason());
        r.put("decidedAt", row.decidedAt().toString());
        recent.add(r);
      }
      m.put("lastTicks", recent);
      out.add(m);
    }
    return out;
  }

  private static Instant instant(String text, String name, ZoneId zone) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw OperationsException.badRequest("'" + name + "' is a date (2026-12-29) or a date-time with its offset"
          + " (2026-12-29T02:00:00+09:00), not '" + text + "'");
    }
  }
}
