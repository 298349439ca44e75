package dev.jobnet.converter.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * When a schedule's runs are due, across real zone rules: daylight saving in America/New_York and
 * Europe/Berlin, business calendars with weekends and holidays, closed-day shifts and their merges.
 */
class ScheduleTest {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final BusinessCalendar JP_BUSINESS = new BusinessCalendar("jp-business",
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
      new TreeSet<>(Set.of(LocalDate.parse("2026-12-31"), LocalDate.parse("2027-01-01"))));

  private static List<String> forecast(Schedule schedule, String from, int days) {
    Map<String, Schedule> roots = new LinkedHashMap<>();
    roots.put("nightly", schedule);
    return Forecast.of(roots, LocalDate.parse(from), days).stream().map(Forecast.Run::line).toList();
  }

  private static Schedule daily(String cron, ZoneId zone, ClosedDay onClosedDay) {
    return new Schedule(cron, zone, JP_BUSINESS, onClosedDay, Missed.ONE, Overlap.SKIP);
  }

  @Test
  void theShortFormRunsEveryDayAtItsTimeInItsZone() {
    assertThat(forecast(Schedule.of("0 0 2 * * ?", TOKYO), "2026-12-28", 3)).containsExactly(
        "nightly 2026-12-28T02:00:00+09:00", "nightly 2026-12-29T02:00:00+09:00", "nightly 2026-12-30T02:00:00+09:00");
  }

  @Test
  void aCalendarSkipsItsWeekendsAndHolidays() {
    assertThat(forecast(daily("0 0 2 * * ?", TOKYO, ClosedDay.SKIP), "2026-12-28", 10)).containsExactly(
        "nightly 2026-12-28T02:00:00+09:00", "nightly 2026-12-29T02:00:00+09:00", "nightly 2026-12-30T02:00:00+09:00",
        "nightly 2027-01-04T02:00:00+09:00", "nightly 2027-01-05T02:00:00+09:00", "nightly 2027-01-06T02:00:00+09:00");
  }

  @Test
  void closedDaysMovedToTheNextOpenDayMergeWithItsOwnRun() {
    Schedule schedule = daily("0 0 2 * * ?", TOKYO, ClosedDay.NEXT_OPEN_DAY);
    assertThat(forecast(schedule, "2026-12-28", 10)).containsExactly(
        "nightly 2026-12-28T02:00:00+09:00", "nightly 2026-12-29T02:00:00+09:00", "nightly 2026-12-30T02:00:00+09:00",
        "nightly 2027-01-04T02:00:00+09:00", "nightly 2027-01-05T02:00:00+09:00", "nightly 2027-01-06T02:00:00+09:00");
    Tick monday = schedule.ticks(Instant.parse("2027-01-03T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z")).get(0);
    assertThat(monday.notes()).hasSize(4).allMatch(n -> n.endsWith("where it merges with the run of that time"));
    assertThat(monday.notes().get(0)).startsWith("moved from 2026-12-31, a day calendar jp-business closes, to the"
        + " next open day");
  }

  @Test
  void aClosedDayMovedToTheOpenDayBeforeRunsThereWhenThatDayHasNoRunOfItsOwn() {
    // the 1st of the month only: 2027-01-01 is a holiday, its run moves to Wednesday 2026-12-30
    Schedule schedule = daily("0 0 2 1 * ?", TOKYO, ClosedDay.PREVIOUS_OPEN_DAY);
    assertThat(forecast(schedule, "2026-12-01", 62)).containsExactly(
        "nightly 2026-12-01T02:00:00+09:00", "nightly 2026-12-30T02:00:00+09:00");
    Tick moved = schedule.ticks(Instant.parse("2026-12-29T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z")).get(0);
    assertThat(moved.notes()).containsExactly("moved from 2027-01-01, a day calendar jp-business closes, to the"
        + " previous open day");
  }

  @Test
  void aTimeThatASpringForwardDaySkipsRunsOnceAtTheFirstInstantAfterIt() {
    // America/New_York, 2027-03-14: 02:00 EST becomes 03:00 EDT; 02:30 does not exist that day
    Schedule schedule = Schedule.of("0 30 2 * * ?", NEW_YORK);
    assertThat(forecast(schedule, "2027-03-13", 3)).containsExactly(
        "nightly 2027-03-13T02:30:00-05:00", "nightly 2027-03-14T03:00:00-04:00", "nightly 2027-03-15T02:30:00-04:00");
    Tick skipped = schedule.ticks(Instant.parse("2027-03-14T00:00:00Z"), Instant.parse("2027-03-15T00:00:00Z"))
        .get(0);
    assertThat(skipped.notes()).containsExactly("02:30 does not exist on 2027-03-14 in America/New_York (clocks go"
        + " forward at 02:00): runs at 03:00");
  }

  @Test
  void timesInASpringForwardGapAllRunOnceWithTheTimeAfterIt() {
    // Europe/Berlin, 2027-03-28: 02:00 CET becomes 03:00 CEST; every 15 minutes of 02:xx and 03:xx
    Schedule schedule = Schedule.of("0 */15 2-3 * * ?", BERLIN);
    assertThat(forecast(schedule, "2027-03-28", 1)).containsExactly(
        "nightly 2027-03-28T03:00:00+02:00", "nightly 2027-03-28T03:15:00+02:00", "nightly 2027-03-28T03:30:00+02:00",
        "nightly 2027-03-28T03:45:00+02:00");
  }

  @Test
  void aTimeAFallBackDayHasTwiceRunsOnceTheFirstTime() {
    // Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice
    assertThat(forecast(Schedule.of("0 30 2 * * ?", BERLIN), "2026-10-24", 3)).containsExactly(
        "nightly 2026-10-24T02:30:00+02:00", "nightly 2026-10-25T02:30:00+02:00", "nightly 2026-10-26T02:30:00+01:00");
    // every half hour: each local time once, none doubled in the repeated hour
    List<String> night = forecast(Schedule.of("0 0/30 0-3 * * ?", BERLIN), "2026-10-25", 1);
    assertThat(night).containsExactly(
        "nightly 2026-10-25T00:00:00+02:00", "nightly 2026-10-25T00:30:00+02:00", "nightly 2026-10-25T01:00:00+02:00",
        "nightly 2026-10-25T01:30:00+02:00", "nightly 2026-10-25T02:00:00+02:00", "nightly 2026-10-25T02:30:00+02:00",
        "nightly 2026-10-25T03:00:00+01:00", "nightly 2026-10-25T03:30:00+01:00");
  }

  @Test
  void theForecastOfSeveralRootsIsInTimeOrderEachInItsOwnZone() {
    Map<String, Schedule> roots = new LinkedHashMap<>();
    roots.put("tokyo", Schedule.of("0 0 2 * * ?", TOKYO));
    roots.put("berlin", Schedule.of("0 0 2 * * ?", BERLIN));
    roots.put("also-tokyo", Schedule.of("0 0 2 * * ?", TOKYO));
    assertThat(Forecast.of(roots, LocalDate.parse("2026-12-29"), 1).stream().map(Forecast.Run::line)).containsExactly(
        "also-tokyo 2026-12-29T02:00:00+09:00", "tokyo 2026-12-29T02:00:00+09:00", "berlin 2026-12-29T02:00:00+01:00");
  }

  @Test
  void theNextRunIsFoundAcrossClosedStretchesAndNoneForACalendarThatNeverOpens() {
    Schedule schedule = daily("0 0 2 * * ?", TOKYO, ClosedDay.SKIP);
    assertThat(schedule.next(Instant.parse("2026-12-30T00:00:00Z")).orElseThrow().in(TOKYO))
        .hasToString("2027-01-04T02:00+09:00");
    BusinessCalendar never = new BusinessCalendar("never", Set.of(), new TreeSet<>());
    assertThat(new Schedule("0 0 2 * * ?", TOKYO, never, ClosedDay.NEXT_OPEN_DAY, Missed.ONE, Overlap.SKIP)
        .next(Instant.parse("2026-12-30T00:00:00Z"))).isEmpty();
  }

  @Test
  void ticksAreDueAfterTheFirstInstantAndUpToTheLastIncluded() {
    Schedule schedule = Schedule.of("0 0 2 * * ?", TOKYO);
    Instant twoAm = Instant.parse("2026-12-28T17:00:00Z"); // 02:00 in Tokyo on the 29th
    assertThat(schedule.ticks(twoAm, twoAm.plusSeconds(86_400)).stream().map(Tick::at))
        .containsExactly(twoAm.plusSeconds(86_400));
    assertThat(schedule.ticks(twoAm.minusSeconds(1), twoAm).stream().map(Tick::at)).containsExactly(twoAm);
    assertThat(schedule.ticks(twoAm, twoAm)).isEmpty();
  }

  @Test
  void missedTicksRunPerTheRuleAndOverlapsAreDecidedPerTheirs() {
    Schedule schedule = Schedule.of("0 0 2 * * ?", TOKYO);
    List<Tick> missed = schedule.ticks(Instant.parse("2026-12-27T00:00:00Z"), Instant.parse("2026-12-29T00:00:00Z"));
    assertThat(missed).hasSize(2);
    assertThat(Missed.NONE.toRun(missed)).isEmpty();
    assertThat(Missed.ONE.toRun(missed)).containsExactly(missed.get(1));
    assertThat(Missed.ALL.toRun(missed)).containsExactlyElementsOf(missed);
    assertThat(Missed.ONE.toRun(List.of())).isEmpty();
    assertThat(Overlap.SKIP.decide(true)).isEqualTo(Overlap.Decision.SKIP);
    assertThat(Overlap.QUEUE.decide(true)).isEqualTo(Overlap.Decision.QUEUE);
    assertThat(Overlap.ALLOW.decide(true)).isEqualTo(Overlap.Decision.START);
    for (Overlap o : Overlap.values()) {
      assertThat(o.decide(false)).isEqualTo(Overlap.Decision.START);
    }
  }

  @Test
  void theYamlWordsNameTheRulesAndACronThatCannotBeReadSaysWhy() {
    assertThat(ClosedDay.of("next-open-day")).contains(ClosedDay.NEXT_OPEN_DAY);
    assertThat(ClosedDay.of("next_open_day")).isEmpty();
    assertThat(Missed.of("all")).contains(Missed.ALL);
    assertThat(Overlap.of("queue")).contains(Overlap.QUEUE);
    assertThat(Schedule.cronProblem("0 0 2 * * ?")).isEmpty();
    assertThat(Schedule.cronProblem("0 0 25 * * ?")).isPresent();
  }
}
