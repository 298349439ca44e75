package dev.jobnet.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.Agents;
import dev.jobnet.engine.testing.SecondNode;
import dev.jobnet.engine.testing.TestDatabase;
import dev.jobnet.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine app is stopped across two ticks of its schedules and started again on the same database:
 * the node that comes back runs the missed ticks per {@code missed} (none: none, one: the latest, all:
 * both), each with its event, and runs no tick twice. Both nodes are the whole engine app, with its
 * scheduler looking every 200 ms, on a database of this test's own; their clock is a settable one, moved
 * while no node runs.
 */
class SchedulesAcrossEngineRestartAppTest {

  /** The clock of both nodes. */
  private static final SettableClock CLOCK = new SettableClock(Instant.now());

  @TestConfiguration(proxyBeanMethods = false)
  static class NodeClock {
    @Bean
    @Primary
    Clock settableClock() {
      return CLOCK;
    }
  }

  private static final List<String> KEYS = List.of("restart-none", "restart-one", "restart-all");

  private static final String YAML = """
      jobnets:
        restart-none:
          schedule: { cron: "0 0 * * * ?", timezone: UTC, missed: none, overlap: allow }
          jobs:
            work: echo work
        restart-one:
          schedule: { cron: "0 0 * * * ?", timezone: UTC, missed: one, overlap: allow }
          jobs:
            work: echo work
        restart-all:
          schedule: { cron: "0 0 * * * ?", timezone: UTC, missed: all, overlap: allow }
          jobs:
            work: echo work
      """;

  @TempDir
  Path definitions;

  private TestDatabase db;
  private ConfigurableApplicationContext node;

  @BeforeEach
  void createDatabase() throws IOException {
    db = TestDatabase.create(TestDatabase.configuredKind());
    Files.writeString(definitions.resolve("restart.yaml"), YAML);
  }

  @AfterEach
  void stopNodeAndDropDatabase() {
    if (node != null) {
      node.close();
    }
    db.drop();
  }

  private ConfigurableApplicationContext startNode(String name) {
    return SecondNode.start(db, List.of(NodeClock.class), "restart-" + name, definitions,
        "--jobnet.schedules.interval=PT0.2S", "--jobnet.schedules.late-after=PT1M");
  }

  @Test
  void ticksMissedWhileTheEngineWasStoppedRunPerMissedOnceItIsBack() {
    // given: the first node deploys the jobnets at start-up and starts each one's first tick on time
    node = startNode("first");
    ProcessEngine first = node.getBean(ProcessEngine.class);
    Instant deployed = first.getRepositoryService().createDeploymentQuery().orderByDeploymentTime().desc().list()
        .get(0).getDeploymentTime().toInstant();
    Instant hour1 = deployed.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    CLOCK.set(hour1.plusSeconds(3));
    Agents.await("the first tick's run of each jobnet", Duration.ofSeconds(30),
        () -> KEYS.stream().allMatch(k -> runs(k) == 1), () -> KEYS.stream().map(k -> k + ": " + runs(k)).toList()
            .toString());
    assertThat(tickStates("restart-all")).containsExactly("STARTED");

    // when: the engine is stopped, two ticks pass, and it is started again with the same definitions
    node.close();
    node = null;
    CLOCK.set(hour1.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(10)));
    node = startNode("second");

    // then: each missed tick is decided once, per the jobnet's rule
    Agents.await("both missed ticks of each jobnet decided", Duration.ofSeconds(30),
        () -> KEYS.stream().allMatch(k -> tickStates(k).size() == 3),
        () -> KEYS.stream().map(k -> k + ": " + tickStates(k)).toList().toString());
    assertThat(node.getBean(ProcessEngine.class).getRepositoryService().createDeploymentQuery().count())
        .as("the same definitions are not deployed again (a new version would not own the ticks before it)")
        .isOne();
    assertThat(tickStates("restart-none")).containsExactly("STARTED", "SKIPPED_MISSED", "SKIPPED_MISSED");
    assertThat(tickStates("restart-one")).containsExactly("STARTED", "SKIPPED_MISSED", "STARTED_LATE");
    assertThat(tickStates("restart-all")).containsExactly("STARTED", "STARTED_LATE", "STARTED_LATE");
    assertThat(runs("restart-none")).isEqualTo(1);
    assertThat(runs("restart-one")).isEqualTo(2);
    assertThat(runs("restart-all")).isEqualTo(3);
    String hour2 = utc(hour1.plus(Duration.ofHours(1)));
    String hour3 = utc(hour1.plus(Duration.ofHours(2)));
    assertThat(events("restart-none")).containsExactly(
        "SCHEDULED_RUN_STARTED",
        "SCHEDULE_TICK_SKIPPED " + hour2 + " not run: missed while no engine ran (missed: none)",
        "SCHEDULE_TICK_SKIPPED " + hour3 + " not run: missed while no engine ran (missed: none)");
    assertThat(events("restart-one")).containsExactly(
        "SCHEDULED_RUN_STARTED",
        "SCHEDULE_TICK_SKIPPED " + hour2 + " not run: missed while no engine ran (missed: one)",
        "SCHEDULED_RUN_STARTED " + hour3 + " late: missed while no engine ran");
    assertThat(events("restart-all")).containsExactly(
        "SCHEDULED_RUN_STARTED",
        "SCHEDULED_RUN_STARTED " + hour2 + " late: missed while no engine ran",
        "SCHEDULED_RUN_STARTED " + hour3 + " late: missed while no engine ran");
    // and no tick runs twice when the scheduler looks again, later
    CLOCK.advance(Duration.ofSeconds(30));
    assertThat(node.getBean(Scheduler.class).look()).isEmpty();
    assertThat(runs("restart-one") + runs("restart-all")).isEqualTo(5);
  }

  private JdbcTemplate jdbc() {
    return node.getBean(JdbcTemplate.class);
  }

  private long runs(String key) {
    return node.getBean(ProcessEngine.class).getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(key).count();
  }

  private List<String> tickStates(String key) {
    return jdbc().queryForList("SELECT state FROM jobnet_schedule_tick WHERE jobnet_key = ? ORDER BY tick_at",
        String.class, key);
  }

  /**
   * The schedule events of jobnet {@code key} in order: the kind, and for the missed ticks the tick's
   * time and the end of the message.
   */
  private List<String> events(String key) {
    return jdbc().queryForList("SELECT kind, message, details FROM jobnet_event WHERE kind LIKE 'SCHEDULE%'"
        + " AND details LIKE ? ORDER BY id", "%\"" + key + "\"%").stream().map(row -> {
          String kind = (String) row.get("kind");
          String message = (String) row.get("message");
          String details = (String) row.get("details");
          if (!message.contains("missed while no engine ran")) {
            return kind;
          }
          String tick = details.replaceAll(".*\"tick\":\"([^\"]+)\".*", "$1");
          return kind + " " + tick + message.substring(message.indexOf(message.contains("not run:") ? " not run:"
              : " late:"));
        }).toList();
  }

  private static String utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
