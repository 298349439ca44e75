package dev.jobnet.engine.metrics;

import dev.jobnet.engine.agents.AgentState;
import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventSubscriber;
import dev.jobnet.engine.notify.OutboxState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The gauges of what is there now ({@code docs/metrics.md}): {@code jobnet_jobs} by {@code server} and
 * {@code state} (pending, running, stuck), {@code jobnet_agents} by {@code state} (online, offline) and
 * {@code jobnet_outbox_mails} by {@code state}. Every state is shown, 0 included, and every server known
 * (served by an agent once, or with jobs now) from the moment this node first saw it, so that an idle
 * engine shows its gauges and a graph does not break off when a server's jobs are done. An agent coming
 * online ({@code AGENT_ONLINE}) shows its servers at once.
 *
 * <p>All gauges read one set of counts, read again at most once per {@code jobnet.metrics.cache-for}
 * (a scrape reads every gauge: one set of queries per scrape, not one per gauge). When the counts
 * cannot be read (the database is down), the gauges show NaN until they can.
 */
@Component
class EngineGauges implements MeterBinder, EventSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(EngineGauges.class);

  private final CountsSource source;
  private final Duration cacheFor;
  private final Clock clock;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Set<String> serversShown = ConcurrentHashMap.newKeySet();

  private EngineCounts counts;
  private Instant readAt;
  private boolean failing;

  @Autowired
  EngineGauges(CountsSource source, MetricsProperties properties, Clock clock) {
    this(source, properties.cacheFor(), clock);
  }

  EngineGauges(CountsSource source, Duration cacheFor, Clock clock) {
    this.source = source;
    this.cacheFor = cacheFor;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    for (AgentState state : AgentState.values()) {
      gauge("jobnet.agents", "agents in this state in the registry", c -> c.agents().get(state))
          .tag("state", label(state)).register(registry);
    }
    for (OutboxState state : OutboxState.values()) {
      gauge("jobnet.outbox.mails", "notification mails in this state in the outbox",
          c -> c.mails().get(state)).tag("state", label(state)).register(registry);
    }
    for (String server : serversShown) {
      registerServer(registry, server);
    }
  }

  /** At start-up: the servers known then get their gauges before the first scrape. */
  @EventListener(ApplicationReadyEvent.class)
  void showKnownServers() {
    counts();
  }

  /**
   * An agent that came online shows its servers at once (the gauges read 0 until their jobs are
   * counted), not only after the next read of the counts: the scrape that reads the counts would not
   * show the gauges it registers.
   */
  @Override
  public void onEvent(Event event) {
    if (event.kind() == EventKind.AGENT_ONLINE && event.details().get("servers") instanceof Collection<?> servers) {
      showServers(servers.stream().map(String::valueOf).collect(Collectors.toSet()));
    }
  }

  /** The counts, read again when older than the cache time; empty when they cannot be read. */
  synchronized Optional<EngineCounts> counts() {
    Instant now = clock.instant();
    if (readAt == null || !now.isBefore(readAt.plus(cacheFor))) {
      readAt = now;
      try {
        counts = source.read(now);
        if (failing) {
          LOG.info("the metrics' counts can be read again");
        }
        failing = false;
        showServers(counts.servers());
      } catch (RuntimeException e) {
        counts = null;
        if (!failing) {
          LOG.warn("cannot read the counts of jobs, agents and mails for the metrics; the gauges show NaN until"
              + " they can: {}", e.toString());
        }
        failing = true;
      }
    }
    return Optional.ofNullable(counts);
  }

  private void showServers(Set<String> servers) {
    for (String server : servers) {
      if (serversShown.add(server)) {
        for (MeterRegistry registry : registries) {
          registerServer(registry, server);
        }
      }
    }
  }

  private void registerServer(MeterRegistry registry, String server) {
    for (JobGaugeState state : JobGaugeState.values()) {
      gauge("jobnet.jobs", "jobs of this server in this state (external tasks)",
          c -> c.jobsOf(server).of(state)).tag("server", server).tag("state", state.label()).register(registry);
    }
  }

  private Gauge.Builder<EngineGauges> gauge(String name, String description, ToDoubleFunction<EngineCounts> value) {
    return Gauge.builder(name, this, g -> g.counts().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description).strongReference(true);
  }

  private static String label(Enum<?> state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
