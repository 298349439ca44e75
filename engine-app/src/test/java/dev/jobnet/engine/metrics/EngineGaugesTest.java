package dev.jobnet.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.agents.AgentState;
import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.notify.OutboxState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.jobnet.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gauges' cache and which gauges there are, on a counting source and a clock the test moves. */
class EngineGaugesTest {

  private static final Duration CACHE_FOR = Duration.ofSeconds(5);

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger reads = new AtomicInteger();
  private volatile EngineCounts next = counts(Map.of("batch", new JobCounts(3, 2, 1)), Set.of());
  private volatile RuntimeException failure;

  private final EngineGauges gauges = new EngineGauges(now -> {
    reads.incrementAndGet();
    if (failure != null) {
      throw failure;
    }
    return next;
  }, CACHE_FOR, clock);

  private static EngineCounts counts(Map<String, JobCounts> jobs, Set<String> servers) {
    return new EngineCounts(jobs, servers, Map.of(AgentState.ONLINE, 2L), Map.of(OutboxState.SENT, 7L));
  }

  private double jobs(String server, String state) {
    Gauge g = registry.find("jobnet.jobs").tag("server", server).tag("state", state).gauge();
    assertThat(g).as("gauge jobnet.jobs{server=%s,state=%s}", server, state).isNotNull();
    return g.value();
  }

  private double value(String name, String state) {
    Gauge g = registry.find(name).tag("state", state).gauge();
    assertThat(g).as("gauge %s{state=%s}", name, state).isNotNull();
    return g.value();
  }

  @Test
  void everyStateOfAgentsAndMailsHasAGaugeFromTheStartZeroIncluded() {
    // when
    gauges.bindTo(registry);
    // then
    assertThat(value("jobnet.agents", "online")).isEqualTo(2.0);
    assertThat(value("jobnet.agents", "offline")).isEqualTo(0.0);
    assertThat(value("jobnet.outbox.mails", "sent")).isEqualTo(7.0);
    assertThat(value("jobnet.outbox.mails", "pending")).isEqualTo(0.0);
    assertThat(value("jobnet.outbox.mails", "no_recipient")).isEqualTo(0.0);
    assertThat(value("jobnet.outbox.mails", "gave_up")).isEqualTo(0.0);
  }

  @Test
  void aServerGetsItsThreeGaugesOnceItsCountsWereRead() {
    // given
    gauges.bindTo(registry);
    assertThat(registry.find("jobnet.jobs").gauges()).as("no server seen yet").isEmpty();
    // when
    gauges.counts();
    // then
    assertThat(jobs("batch", "pending")).isEqualTo(3.0);
    assertThat(jobs("batch", "running")).isEqualTo(2.0);
    assertThat(jobs("batch", "stuck")).isEqualTo(1.0);
  }

  @Test
  void anAgentComingOnlineShowsItsServersBeforeTheCountsAreRead() {
    // given
    gauges.bindTo(registry);
    // when
    gauges.onEvent(new Event(1, Instant.now(), EventKind.AGENT_ONLINE, null, null, null, null, "a-1", "",
        Map.of("servers", List.of("db-1", "db-2"), "capacity", 4)));
    // then
    assertThat(reads.get()).as("no read").isZero();
    assertThat(registry.find("jobnet.jobs").tag("server", "db-1").tag("state", "pending").gauge()).isNotNull();
    assertThat(registry.find("jobnet.jobs").tag("server", "db-2").tag("state", "stuck").gauge()).isNotNull();
    assertThat(jobs("db-1", "running")).isEqualTo(0.0);
  }

  @Test
  void readsTheCountsOncePerCacheTimeHoweverManyGaugesAreRead() {
    // given
    gauges.bindTo(registry);
    gauges.counts();
    int before = reads.get();
    // when: a scrape reads every gauge, twice
    for (int i = 0; i < 2; i++) {
      registry.getMeters().forEach(m -> m.measure().forEach(ms -> ms.getValue()));
    }
    // then
    assertThat(reads.get()).isEqualTo(before);
    // when
    clock.advance(CACHE_FOR);
    next = counts(Map.of("batch", new JobCounts(0, 1, 0)), Set.of());
    // then
    assertThat(jobs("batch", "pending")).isEqualTo(0.0);
    assertThat(jobs("batch", "running")).isEqualTo(1.0);
    assertThat(reads.get()).isEqualTo(before + 1);
  }

  @Test
  void aServerSeenOnceStaysAtZeroWhenItsJobsAreGoneAndAnAgentsServerShowsWithoutJobs() {
    // given
    gauges.bindTo(registry);
    gauges.counts();
    // when
    clock.advance(CACHE_FOR);
    next = counts(Map.of(), Set.of("reports"));
    // then
    assertThat(jobs("batch", "pending")).isEqualTo(0.0);
    assertThat(jobs("batch", "stuck")).isEqualTo(0.0);
    assertThat(jobs("reports", "pending")).isEqualTo(0.0);
    assertThat(jobs("reports", "running")).isEqualTo(0.0);
  }

  @Test
  void countsThatCannotBeReadShowAsNanUntilTheyCanAgain() {
    // given
    gauges.bindTo(registry);
    gauges.counts();
    // when
    clock.advance(CACHE_FOR);
    failure = new IllegalStateException("database down");
    // then
    assertThat(jobs("batch", "pending")).isNaN();
    assertThat(value("jobnet.agents", "online")).isNaN();
    // when
    clock.advance(CACHE_FOR);
    failure = null;
    // then
    assertThat(jobs("batch", "pending")).isEqualTo(3.0);
  }
}
