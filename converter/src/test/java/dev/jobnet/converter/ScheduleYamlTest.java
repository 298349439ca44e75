package dev.jobnet.converter;

import static dev.jobnet.converter.testing.ValidationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The long form of {@code schedule:} and the business calendars of {@code calendars:}: every mistake
 * located and explained, calendars shared by the files of a set, and what the process carries for the
 * engine's scheduler.
 */
class ScheduleYamlTest {

  private static final String CALENDARS = """
      calendars:
        jp-business:
          weekdays: [MON, TUE, WED, THU, FRI]
          holidays: [2026-12-31, 2027-01-01]
      """;

  private final JobnetConverter converter = new JobnetConverter();

  private Validation validate(String... files) {
    List<SourceFile> sources = new java.util.ArrayList<>();
    for (int i = 0; i < files.length; i++) {
      sources.add(new SourceFile("f" + (i + 1) + ".yaml", files[i]));
    }
    return converter.validate(sources);
  }

  private static String root(String schedule) {
    return "jobnets:\n  nightly:\n    schedule:\n" + schedule + "    jobs: { a: echo a }\n";
  }

  @Test
  void theLongFormWithACalendarOfAnotherFileBecomesTheSchedulersPropertiesWithoutATimer() {
    // when
    Validation validation = validate(CALENDARS + "jobnets:\n  other:\n    jobs: { b: echo b }\n", root("""
              cron: "0 0 2 * * ?"
              timezone: Asia/Tokyo
              calendar: jp-business
              onClosedDay: next-open-day
              missed: all
              overlap: queue
        """));

    // then
    assertThat(validation).isValid();
    String bpmn = converter.convert(validation).stream().filter(c -> c.rootId().equals("nightly")).findFirst()
        .orElseThrow().bpmnXml();
    assertThat(bpmn).doesNotContain("timerEventDefinition")
        .contains("name=\"jobnet.schedule\" value=\"0 0 2 * * ?\"")
        .contains("name=\"jobnet.schedule.scheduler\" value=\"true\"")
        .contains("name=\"jobnet.schedule.timezone\" value=\"Asia/Tokyo\"")
        .contains("name=\"jobnet.schedule.calendar\" value=\"jp-business\"")
        .contains("name=\"jobnet.schedule.calendar.weekdays\" value=\"MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY\"")
        .contains("name=\"jobnet.schedule.calendar.holidays\" value=\"2026-12-31,2027-01-01\"")
        .contains("name=\"jobnet.schedule.onClosedDay\" value=\"next-open-day\"")
        .contains("name=\"jobnet.schedule.missed\" value=\"all\"")
        .contains("name=\"jobnet.schedule.overlap\" value=\"queue\"");
  }

  @Test
  void theShortFormIsTheLongFormWithItsDefaults() {
    Validation validation = validate("jobnets:\n  nightly:\n    schedule: \"0 0 2 * * ?\"\n    jobs: { a: echo a }\n");
    assertThat(validation).isValid();
    String bpmn = converter.convert(validation).get(0).bpmnXml();
    assertThat(bpmn).doesNotContain("timerEventDefinition")
        .contains("name=\"jobnet.schedule\" value=\"0 0 2 * * ?\"")
        .contains("name=\"jobnet.schedule.scheduler\" value=\"true\"")
        .contains("name=\"jobnet.schedule.onClosedDay\" value=\"skip\"")
        .contains("name=\"jobnet.schedule.missed\" value=\"one\"")
        .contains("name=\"jobnet.schedule.overlap\" value=\"skip\"")
        .doesNotContain("jobnet.schedule.timezone").doesNotContain("jobnet.schedule.calendar");
  }

  @Test
  void aCalendarTakesHolidaysFromAFileOfDatesOfTheSet() {
    // when
    Validation validation = converter.validate(List.of(
        new SourceFile("conf/holidays-jp.dates", "# 2027\n2027-01-01 元日\n\n2027-01-11 成人の日 # Coming of Age Day\n"),
        new SourceFile("nightly.yaml", """
            calendars:
              jp-business:
                weekdays: [MON, TUE, WED, THU, FRI]
                holidays: [2026-12-31, holidays-jp.dates]
            """ + root("      cron: \"0 0 2 * * ?\"\n      calendar: jp-business\n"))));

    // then
    assertThat(validation).isValid();
    assertThat(converter.convert(validation).get(0).bpmnXml())
        .contains("name=\"jobnet.schedule.calendar.holidays\" value=\"2026-12-31,2027-01-01,2027-01-11\"");
  }

  @Test
  void aFileOfDatesWithALineThatIsNoDateOrMissingFromTheSetIsReportedWhereItIs() {
    // when
    Validation validation = converter.validate(List.of(
        new SourceFile("holidays-jp.dates", "2027-01-01\n  2027-13-01 not a month\n"),
        new SourceFile("nightly.yaml", """
            calendars:
              jp-business:
                holidays: [holidays-jp.dates, holiday-jp.dates]
            """ + root("      cron: \"0 0 2 * * ?\"\n      calendar: jp-business\n"))));

    // then
    assertThat(validation).hasFinding(FindingCode.INVALID_SCHEDULE).at("holidays-jp.dates", 2, 3)
        .withMessageContaining("'2027-13-01' is no date", "one date per line").and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("nightly.yaml", 3, 35)
        .withMessageContaining("calendar 'jp-business' takes its holidays from holiday-jp.dates, which is not a file"
            + " of the set", "did you mean 'holidays-jp.dates'?").and()
        .hasFindingCount(2);
  }

  @Test
  void everyMistakeOfTheLongFormIsReportedAtOnceWhereItIs() {
    Validation validation = validate("""
        calendars:
          jp-business:
            weekdays: [MON, FUNDAY]
            holidays: [2026-12-31, "next xmas"]
        jobnets:
          nightly:
            schedule:
              cron: "0 0 2 * * *"
              timezone: Asia/Tokio
              calendar: jp-busines
              onClosedDay: next
              missed: some
              overlapp: skip
            jobs: { a: echo a }
          weekly:
            schedule:
              timezone: UTC
              onClosedDay: skip
            jobs: { b: echo b }
        """);

    assertThat(validation)
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("f1.yaml", 3, 21).withMessageContaining("weekday the text"
            + " \"FUNDAY\" is none of MON, TUE").and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("f1.yaml", 4, 28).withMessageContaining("is no date; write it"
            + " as 2026-12-31").and()
        .hasFinding(FindingCode.INVALID_CRON).at("f1.yaml", 8, 13).and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("f1.yaml", 9, 17).withMessageContaining("timezone 'Asia/Tokio'"
            + " is no time zone id; did you mean 'Asia/Tokyo'?").and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("f1.yaml", 11, 20).withMessageContaining("'onClosedDay:' is one"
            + " of skip, next-open-day, previous-open-day, not 'next'").and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("f1.yaml", 12, 15).withMessageContaining("'missed:' is one of"
            + " none, one, all, not 'some'").and()
        .hasFinding(FindingCode.UNKNOWN_KEY).at("f1.yaml", 13, 7).withMessageContaining("did you mean 'overlap'?").and()
        .hasFinding(FindingCode.MISSING_KEY).at("f1.yaml", 16, 5).withMessageContaining("the schedule has no 'cron:'")
        .and()
        .hasFinding(FindingCode.INVALID_SCHEDULE).at("f1.yaml", 18, 7).withMessageContaining("'onClosedDay:' applies"
            + " to the days a calendar closes, and this schedule names none").and()
        .hasFindingCount(9);
  }

  @Test
  void aCalendarNoFileDefinesIsReportedWithTheNearestNameAndOneDefinedTwiceToo() {
    // a file of calendars only is a file of the set
    Validation unknown = validate(CALENDARS, root("      cron: \"0 0 2 * * ?\"\n      calendar: jp-busines\n"));
    assertThat(unknown).hasFinding(FindingCode.UNKNOWN_CALENDAR).at("f2.yaml", 5, 17)
        .withMessageContaining("schedule of 'nightly' names calendar 'jp-busines', which no file of the set defines"
            + " under 'calendars:'; did you mean 'jp-business'?").and().hasFindingCount(1);

    Validation twice = validate(CALENDARS + "jobnets:\n  ra:\n    jobs: { a: echo a }\n",
        CALENDARS + "jobnets:\n  rb:\n    jobs: { b: echo b }\n");
    assertThat(twice).hasFinding(FindingCode.DUPLICATE_KEY).at("f2.yaml", 2, 3)
        .withMessageContaining("calendar 'jp-business' is also defined at f1.yaml:2").and().hasFindingCount(1);
  }

  @Test
  void aCalendarOpenOnNoDayIsRefusedAndOneWithoutWeekdaysIsOpenEveryDayButItsHolidays() {
    assertThat(validate("calendars:\n  never:\n    weekdays: []\n" + root("      cron: \"0 0 2 * * ?\"\n")))
        .hasFinding(FindingCode.INVALID_SCHEDULE).withMessageContaining("calendar 'never' is open on no day of the"
            + " week").and().hasFindingCount(1);
    Validation holidaysOnly = validate("calendars:\n  h:\n    holidays: [2026-12-25]\n"
        + root("      cron: \"0 0 2 * * ?\"\n      calendar: h\n"));
    assertThat(holidaysOnly).isValid();
    assertThat(converter.convert(holidaysOnly).get(0).bpmnXml()).contains("name=\"jobnet.schedule.calendar.weekdays\""
        + " value=\"MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY\"");
  }
}
