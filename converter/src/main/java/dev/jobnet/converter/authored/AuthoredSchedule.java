package dev.jobnet.converter.authored;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Suggestions;
import dev.jobnet.converter.authored.JobSettings.Written;
import dev.jobnet.converter.schedule.ClosedDay;
import dev.jobnet.converter.schedule.Missed;
import dev.jobnet.converter.schedule.Overlap;
import dev.jobnet.converter.yaml.CronExpressions;
import dev.jobnet.protocol.BpmnProperties;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/**
 * The schedule of an authored root jobnet: its cron from the root's timer start event (Timer type
 * Cycle) or from the process property {@code jobnet.schedule}, and the long form's rules from the
 * process properties {@code jobnet.schedule.*} (the converter's own BPMN carries them so). Both are the
 * engine app's scheduler's, with the YAML's defaults; every value is checked where it is written.
 */
final class AuthoredSchedule {

  /** The schedule properties an author may write on the process. */
  static final Set<String> PROPERTIES = Set.of(BpmnProperties.SCHEDULE, BpmnProperties.SCHEDULE_SCHEDULER,
      BpmnProperties.SCHEDULE_TIMEZONE, BpmnProperties.SCHEDULE_CALENDAR, BpmnProperties.SCHEDULE_WEEKDAYS,
      BpmnProperties.SCHEDULE_HOLIDAYS, BpmnProperties.SCHEDULE_ON_CLOSED_DAY, BpmnProperties.SCHEDULE_MISSED,
      BpmnProperties.SCHEDULE_OVERLAP);

  private final Reporter report;
  private final Map<String, Written> written;
  private boolean ok = true;

  private AuthoredSchedule(Reporter report, Map<String, Written> written) {
    this.report = report;
    this.written = written;
  }

  /**
   * The schedule's properties to write on the process, or empty for none or when a value is wrong (each
   * reported).
   *
   * @param timerCron the cron of the root's timer start event, if it has one (already checked)
   * @param written the jobnet properties written on the process
   */
  static Optional<Map<String, String>> read(Reporter report, Element process, Optional<String> timerCron,
      Map<String, Written> written) {
    return new AuthoredSchedule(report, written).read(process, timerCron);
  }

  private Optional<Map<String, String>> read(Element process, Optional<String> timerCron) {
    Optional<String> cron = timerCron;
    Written property = written.get(BpmnProperties.SCHEDULE);
    if (cron.isEmpty() && property != null && !property.value().isBlank()) {
      Optional<String> problem = CronExpressions.problem(property.value().strip());
      if (problem.isPresent()) {
        add(FindingCode.INVALID_CRON, property.element(), "schedule '" + property.value() + "' is not a cron"
            + " expression: " + problem.get());
        return Optional.empty();
      }
      cron = Optional.of(property.value().strip());
    }
    if (cron.isEmpty()) {
      written.keySet().stream().filter(name -> PROPERTIES.contains(name) && !name.equals(BpmnProperties.SCHEDULE))
          .forEach(name -> add(FindingCode.INVALID_SCHEDULE, written.get(name).element(), "property '" + name
              + "' is a rule of a schedule, and process '" + process.getAttribute("id") + "' has none; give its start"
              + " event a timer of type Cycle with a cron expression, or write the property 'jobnet.schedule'"));
      return Optional.empty();
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(BpmnProperties.SCHEDULE, cron.get());
    props.put(BpmnProperties.SCHEDULE_SCHEDULER, "true");
    value(BpmnProperties.SCHEDULE_TIMEZONE).ifPresent(w -> {
      try {
        props.put(BpmnProperties.SCHEDULE_TIMEZONE, ZoneId.of(w.value().strip()).getId());
      } catch (DateTimeException e) {
        add(FindingCode.INVALID_SCHEDULE, w.element(), "timezone '" + w.value() + "' is no time zone id"
            + Suggestions.didYouMean(w.value().strip(), ZoneId.getAvailableZoneIds())
            + " (region ids such as Asia/Tokyo or Europe/Berlin follow daylight saving; UTC does not have any)");
      }
    });
    Optional<Written> calendar = value(BpmnProperties.SCHEDULE_CALENDAR);
    calendar.ifPresent(c -> {
      props.put(BpmnProperties.SCHEDULE_CALENDAR, c.value().strip());
      props.put(BpmnProperties.SCHEDULE_WEEKDAYS, weekdays());
      String holidays = holidays();
      if (!holidays.isEmpty()) {
        props.put(BpmnProperties.SCHEDULE_HOLIDAYS, holidays);
      }
    });
    if (calendar.isEmpty()) {
      for (String day : List.of(BpmnProperties.SCHEDULE_WEEKDAYS, BpmnProperties.SCHEDULE_HOLIDAYS,
          BpmnProperties.SCHEDULE_ON_CLOSED_DAY)) {
        // (the converter writes onClosedDay 'skip', the default, on every schedule)
        value(day).filter(w -> !(day.equals(BpmnProperties.SCHEDULE_ON_CLOSED_DAY)
            && ClosedDay.of(w.value().strip()).equals(Optional.of(ClosedDay.SKIP)))).ifPresent(w -> add(FindingCode.INVALID_SCHEDULE, w.element(), "property '" + day + "' applies to"
            + " a business calendar, and this schedule names none; add the property '"
            + BpmnProperties.SCHEDULE_CALENDAR + "' (a name) or remove this one"));
      }
    }
    props.put(BpmnProperties.SCHEDULE_ON_CLOSED_DAY, word(BpmnProperties.SCHEDULE_ON_CLOSED_DAY, ClosedDay::of,
        ClosedDay.SKIP, ClosedDay.values(), ClosedDay::yaml));
    props.put(BpmnProperties.SCHEDULE_MISSED, word(BpmnProperties.SCHEDULE_MISSED, Missed::of, Missed.ONE,
        Missed.values(), Missed::yaml));
    props.put(BpmnProperties.SCHEDULE_OVERLAP, word(BpmnProperties.SCHEDULE_OVERLAP, Overlap::of, Overlap.SKIP,
        Overlap.values(), Overlap::yaml));
    return ok ? Optional.of(props) : Optional.empty();
  }

  /** The open weekdays as the engine reads them; every day when not written. */
  private String weekdays() {
    Optional<Written> w = value(BpmnProperties.SCHEDULE_WEEKDAYS);
    if (w.isEmpty()) {
      return Arrays.stream(DayOfWeek.values()).map(Enum::name).collect(Collectors.joining(","));
    }
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : w.get().value().split(",")) {
      String day = item.strip().toUpperCase(java.util.Locale.ROOT);
      Optional<DayOfWeek> d = Arrays.stream(DayOfWeek.values())
          .filter(x -> x.name().equals(day) || x.name().startsWith(day) && day.length() == 3).findFirst();
      if (d.isEmpty()) {
        add(FindingCode.INVALID_SCHEDULE, w.get().element(), "weekday '" + item.strip() + "' is no day of the week;"
            + " write the open days separated by commas, as MON,TUE,WED,THU,FRI");
      } else {
        days.add(d.get());
      }
    }
    return days.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  /** The holidays, in date order; "" for none. */
  private String holidays() {
    Optional<Written> w = value(BpmnProperties.SCHEDULE_HOLIDAYS);
    if (w.isEmpty()) {
      return "";
    }
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (String item : w.get().value().split(",")) {
      if (item.isBlank()) {
        continue;
      }
      try {
        dates.add(LocalDate.parse(item.strip()));
      } catch (DateTimeParseException e) {
        add(FindingCode.INVALID_SCHEDULE, w.get().element(), "holiday '" + item.strip() + "' is no date; write the"
            + " dates separated by commas, as 2026-12-31,2027-01-01");
      }
    }
    return dates.stream().map(LocalDate::toString).collect(Collectors.joining(","));
  }

  private <T> String word(String name, Function<String, Optional<T>> of, T absent, T[] all, Function<T, String> yaml) {
    Optional<Written> w = value(name);
    if (w.isEmpty()) {
      return yaml.apply(absent);
    }
    Optional<T> read = of.apply(w.get().value().strip());
    if (read.isEmpty()) {
      List<String> words = Arrays.stream(all).map(yaml).toList();
      add(FindingCode.INVALID_SCHEDULE, w.get().element(), "'" + w.get().value() + "' is no value of '" + name + "';"
          + " write one of " + String.join(", ", words) + Suggestions.didYouMean(w.get().value().strip(), words));
      return yaml.apply(absent);
    }
    return yaml.apply(read.get());
  }

  /** A property written with a value (Camunda Modeler writes properties without one: those are absent). */
  private Optional<Written> value(String name) {
    return Optional.ofNullable(written.get(name)).filter(w -> w.value() != null && !w.value().isBlank());
  }

  private void add(FindingCode code, Element at, String message) {
    ok = false;
    report.add(code, at, message);
  }
}
