package dev.jobnet.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.testing.OperatorTestBase;
import dev.jobnet.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduler on a settable clock (its background look is off, so each test looks when it says): ticks on time, ticks missed while no engine ran per {@code missed}, ticks due while a run
 * still runs per {@code overlap}, each decided once, also by two schedulers at once, and the
 * forecast of what is deployed.
 */
@TestPropertySource(properties = {"jobnet.schedules.enabled=false", "jobnet.schedules.late-after=PT1M5S"})
class SchedulerAppTest extends OperatorTestBase {

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @org.springframework.context.annotation.Primary
    Clock settableClock() {
      return new SettableClock(Instant.now());
    }
  }

  @Autowired
  Clock clock;
  @Autowired
  Scheduler scheduler;
  @Autowired
  ScheduledJobnets jobnets;
  @Autowired
  TickStore ticks;
  @Autowired
  JdbcTemplate jdbc;

  private SettableClock settable() {
    return (SettableClock) clock;
  }

  /** The deployment time of the jobnets last deployed: their schedules' ticks count from it. */
  private Instant deployedAt;

  /**
   * Deploys hourly jobnets, one per rules text, in one deployment; their keys. The clock is set to the
   * deployment's time.
   */
  private List<String> hourly(String... rules) {
    StringBuilder yaml = new StringBuilder("jobnets:\n");
    for (int i = 0; i < rules.length; i++) {
      yaml.append("  %1$s-").append(i).append(":\n    schedule:\n      cron: \"0 0 * * * ?\"\n      timezone: UTC\n")
          .append(rules[i]).append("    jobs:\n      work: echo work\n");
    }
    String base = deploy(yaml.toString());
    var definition = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(base + "-0")
        .latestVersion().singleResult();
    deployedAt = engine.getRepositoryService().createDeploymentQuery().deploymentId(definition.getDeploymentId())
        .singleResult().getDeploymentTime().toInstant();
    settable().set(deployedAt);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      keys.add(base + "-" + i);
    }
    return keys;
  }

  /** The top of the hour {@code n} hours after the deployment's. */
  private Instant hour(int n) {
    return deployedAt.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(n));
  }

  /**
   * One look of the scheduler; the runs it started of the jobnets {@code keys} (the jobnets of the other
   * tests, in the same database, may start runs too when the clock moves).
   */
  private List<String> look(Scheduler s, String... keys) {
    List<String> mine = java.util.Arrays.asList(keys);
    return s.look().stream().filter(run -> mine.contains(engine.getHistoryService()
        .createHistoricProcessInstanceQuery().processInstanceId(run).singleResult().getProcessDefinitionKey()))
        .toList();
  }

  private List<String> runsOf(String key) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key)
        .orderByProcessInstanceStartTime().asc().list().stream().map(h -> h.getId()).toList();
  }

  private List<String> tickStates(String key) {
    return jdbc.queryForList("SELECT state FROM jobnet_schedule_tick WHERE jobnet_key = ? ORDER BY tick_at",
        String.class, key);
  }

  /**
   * The schedule events of jobnet {@code key}, oldest first, read page by page from the whole event log
   * (the engine is shared by the class's tests, whose events can fill more than a page).
   */
  private List<String> scheduleEvents(String key) {
    List<String> out = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode answer = json(admin().getForEntity("/jobnet-api/events?size=200&order=asc&page=" + page,
          String.class).getBody());
      JsonNode events = answer.get("events");
      for (JsonNode e : events) {
        if (e.get("kind").asText().startsWith("SCHEDULE") && e.path("details").path("jobnet").asText().equals(key)) {
          out.add(e.get("kind").asText() + " " + e.get("message").asText());
        }
      }
      if (events.size() < 200 || (page + 1) * 200L >= answer.get("total").asLong()) {
        return out;
      }
    }
  }

  @Test
  void aTickOnTimeStartsOneRunOnceAndTheRunKnowsItsTick() {
    String key = hourly("").get(0);
    settable().set(hour(1).plusSeconds(3));

    List<String> started = look(scheduler, key);
    List<String> again = look(scheduler, key);

    assertThat(started).hasSize(1);
    assertThat(again).isEmpty();
    assertThat(runsOf(key)).containsExactlyElementsOf(started);
    assertThat(tickStates(key)).containsExactly("STARTED");
    assertThat(engine.getRuntimeService().getVariable(started.get(0), Scheduler.SCHEDULED_AT))
        .isEqualTo(hour(1).atOffset(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    assertThat(scheduleEvents(key)).singleElement().asString().startsWith("SCHEDULED_RUN_STARTED run " + started.get(0)
        + " of " + key + " started for tick ");
  }

  @Test
  void twoTicksMissedWhileNoEngineRanRunOnceWithMissedOne() {
    String key = hourly("      missed: one\n").get(0);
    settable().set(hour(2).plus(Duration.ofMinutes(30))); // the engine was down over two ticks

    List<String> started = look(scheduler, key);

    assertThat(started).hasSize(1);
    assertThat(tickStates(key)).containsExactly("SKIPPED_MISSED", "STARTED_LATE");
    assertThat(scheduleEvents(key)).hasSize(2).anyMatch(e -> e.startsWith("SCHEDULE_TICK_SKIPPED")
        && e.endsWith("not run: missed while no engine ran (missed: one)"))
        .anyMatch(e -> e.startsWith("SCHEDULED_RUN_STARTED") && e.contains("late: missed while no engine ran"));
    assertThat(look(scheduler, key)).isEmpty();
  }

  @Test
  void twoTicksMissedRunNoneWithMissedNoneAndBothWithMissedAll() {
    List<String> keys = hourly("      missed: none\n", "      missed: all\n");
    String none = keys.get(0);
    String all = keys.get(1);
    settable().set(hour(2).plus(Duration.ofMinutes(30)));

    List<String> started = look(scheduler, none, all);

    assertThat(runsOf(none)).isEmpty();
    assertThat(tickStates(none)).containsExactly("SKIPPED_MISSED", "SKIPPED_MISSED");
    assertThat(runsOf(all)).hasSize(2).containsExactlyInAnyOrderElementsOf(started);
    assertThat(tickStates(all)).containsExactly("STARTED_LATE", "STARTED_LATE");
    assertThat(scheduleEvents(all)).hasSize(2).allMatch(e -> e.startsWith("SCHEDULED_RUN_STARTED"));
  }

  @Test
  void aTickWhileThePreviousRunStillRunsIsSkippedQueuedOrAllowedPerItsOverlapRule() {
    List<String> keys = hourly("      overlap: skip\n", "      overlap: queue\n", "      overlap: allow\n");
    String skip = keys.get(0);
    String queue = keys.get(1);
    String allow = keys.get(2);
    settable().set(hour(1).plusSeconds(2));
    assertThat(look(scheduler, skip, queue, allow)).hasSize(3); // one run each, whose job runs long

    settable().set(hour(2).plusSeconds(2));
    look(scheduler, skip, queue, allow);

    assertThat(runsOf(skip)).hasSize(1);
    assertThat(tickStates(skip)).containsExactly("STARTED", "SKIPPED_OVERLAP");
    assertThat(scheduleEvents(skip)).anyMatch(e -> e.startsWith("SCHEDULE_TICK_SKIPPED")
        && e.endsWith("not run: the previous run of " + skip + " still runs (overlap: skip)"));
    assertThat(runsOf(allow)).hasSize(2);
    assertThat(runsOf(queue)).hasSize(1);
    assertThat(tickStates(queue)).containsExactly("STARTED", "QUEUED");

    // when the first run of the queue jobnet ends, its queued tick's run starts
    String first = runsOf(queue).get(0);
    succeed(fetch(first, "work", "w1", 60_000));
    awaitRunState(first, "SUCCEEDED");
    settable().advance(Duration.ofSeconds(5));
    List<String> started = look(scheduler, queue);
    assertThat(started).hasSize(1);
    assertThat(runsOf(queue)).hasSize(2);
    assertThat(tickStates(queue)).containsExactly("STARTED", "STARTED");
    assertThat(scheduleEvents(queue)).anyMatch(e -> e.startsWith("SCHEDULED_RUN_STARTED run " + started.get(0))
        && e.contains("queued until the previous run ended"));
  }

  @Test
  void aJobnetOnACalendarWithoutHolidaysRunsOnItsOpenDaysOnly() {
    String key = deploy("""
        calendars:
          weekend-%1$s:
            weekdays: [SAT, SUN]
        jobnets:
          %1$s:
            schedule:
              cron: "0 0 12 * * ?"
              timezone: UTC
              calendar: weekend-%1$s
            jobs:
              work: echo work
        """);
    ScheduledJobnet j = jobnets.all().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    assertThat(j.schedule().calendar().holidays()).isEmpty();
    Instant saturdayNoon = Instant.parse("2026-12-12T12:00:00Z");
    assertThat(j.schedule().ticks(saturdayNoon.minus(Duration.ofDays(3)), saturdayNoon.plus(Duration.ofDays(3))))
        .extracting(t -> t.at().toString())
        .containsExactly("2026-12-12T12:00:00Z", "2026-12-13T12:00:00Z");
  }

  @Test
  void runsOfClosedDaysMovedOntoAnOpenDaysRunMergeWithItAndTheEventSaysSo() {
    // given: a daily noon run on a calendar open on Mondays only, moving closed days to the next open day
    String key = deploy("""
        calendars:
          mondays-%1$s:
            weekdays: [MON]
        jobnets:
          %1$s:
            schedule:
              cron: "0 0 12 * * ?"
              timezone: UTC
              calendar: mondays-%1$s
              onClosedDay: next-open-day
            jobs:
              work: echo work
        """);
    // the first Monday noon after the deployment: no open day's tick lies between
    java.time.LocalDate monday = java.time.LocalDate.now(java.time.ZoneOffset.UTC)
        .with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.MONDAY));
    if (!monday.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC).isAfter(Instant.now())) {
      monday = monday.plusWeeks(1);
    }
    settable().set(monday.atTime(12, 0, 3).toInstant(java.time.ZoneOffset.UTC));

    // when
    List<String> started = look(scheduler, key);

    // then: one run at Monday noon, standing for the days before it
    assertThat(started).hasSize(1);
    assertThat(tickStates(key)).containsExactly("STARTED");
    assertThat(scheduleEvents(key)).singleElement().asString()
        .contains("moved from " + monday.minusDays(1) + ", a day calendar mondays-" + key + " closes, to the next open"
            + " day, where it merges with the run of that time");
  }

  @Test
  void twoSchedulersLookingAtOnceStartEachTickOnce() throws Exception {
    String key = hourly("      missed: all\n").get(0);
    Scheduler other = new Scheduler(jobnets, ticks, engine.getRuntimeService(), engine.getIdentityService(),
        transaction, events, properties, clock);
    settable().set(hour(3).plusSeconds(90));

    var a = CompletableFuture.supplyAsync(() -> lookQuietly(scheduler));
    var b = CompletableFuture.supplyAsync(() -> lookQuietly(other));
    List<String> started = new ArrayList<>(a.get());
    started.addAll(b.get());

    List<String> mine = started.stream().filter(runsOf(key)::contains).toList();
    assertThat(mine).as("the runs the two looks started of " + key).hasSize(3).doesNotHaveDuplicates();
    assertThat(runsOf(key)).hasSize(3).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(tickStates(key)).containsExactly("STARTED_LATE", "STARTED_LATE", "STARTED_LATE");
  }

  @Autowired
  TransactionTemplate transaction;
  @Autowired
  EventLog events;
  @Autowired
  SchedulesProperties properties;

  private static List<String> lookQuietly(Scheduler s) {
    return s.look();
  }

  @Test
  void theSchedulesOfWhatIsDeployedForecastTheirRunsAndSayWhatBecameOfTheirLatestTicks() {
    String key = deploy("""
        calendars:
          weekdays-%1$s:
            weekdays: [MON, TUE, WED, THU, FRI]
            holidays: [2026-12-31, 2027-01-01]
        jobnets:
          %1$s:
            schedule:
              cron: "0 0 2 * * ?"
              timezone: Asia/Tokyo
              calendar: weekdays-%1$s
            jobs:
              work: echo work
        """);

    JsonNode all = json(admin().getForEntity("/jobnet-api/schedules?from=2026-12-28&to=2027-01-07", String.class)
        .getBody());

    JsonNode mine = null;
    for (JsonNode s : all) {
      if (s.get("jobnet").asText().equals(key)) {
        mine = s;
      }
    }
    assertThat(mine).as("the schedule of " + key).isNotNull();
    assertThat(mine.get("startedBy").asText()).isEqualTo("scheduler");
    assertThat(mine.get("calendar").asText()).isEqualTo("weekdays-" + key);
    List<String> runs = new ArrayList<>();
    mine.get("runs").forEach(r -> runs.add(r.get("at").asText()));
    assertThat(runs).containsExactly("2026-12-28T02:00:00+09:00", "2026-12-29T02:00:00+09:00",
        "2026-12-30T02:00:00+09:00", "2027-01-04T02:00:00+09:00", "2027-01-05T02:00:00+09:00",
        "2027-01-06T02:00:00+09:00");
    assertThat(mine.get("lastTicks")).isEmpty();
    assertThat(admin().getForEntity("/jobnet-api/schedules?from=tomorrow", String.class).getStatusCode().value())
        .isEqualTo(400);
    assertThat(agent().getForEntity("/jobnet-api/schedules", String.class).getStatusCode().value()).isEqualTo(403);
  }
}
