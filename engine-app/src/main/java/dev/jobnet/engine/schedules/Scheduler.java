package dev.jobnet.engine.schedules;

import dev.jobnet.converter.schedule.Overlap;
import dev.jobnet.converter.schedule.Tick;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.security.AsEngine;
import dev.jobnet.engine.semantics.DuplicateRunException;
import dev.jobnet.protocol.ProcessVariables;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the runs of root jobnets with a long-form schedule, every {@code jobnet.schedules.interval}.
 * For each jobnet it takes the ticks due since the latest one decided (or since its deployment):
 * those seen more than {@code late-after} after their time were missed while no engine ran, and its
 * {@code missed} rule says which run late; a tick due while a run of the jobnet still runs follows its
 * {@code overlap} rule (skipped, queued until that run ends, or started beside it). Every decision is
 * a row of {@link TickStore}, claimed in the transaction that starts the tick's run, and an event.
 */
@Component
public class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** The process variable a scheduled run carries: its tick, with the offset of its schedule's zone. */
  public static final String SCHEDULED_AT = ProcessVariables.SCHEDULED_AT;

  private final ScheduledJobnets jobnets;
  private final TickStore ticks;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final TransactionTemplate transaction;
  private final EventLog events;
  private final SchedulesProperties properties;
  private final Clock clock;
  private boolean failing;

  Scheduler(ScheduledJobnets jobnets, TickStore ticks, RuntimeService runtime, IdentityService identity,
      TransactionTemplate transaction, EventLog events, SchedulesProperties properties, Clock clock) {
    this.jobnets = jobnets;
    this.ticks = ticks;
    this.runtime = runtime;
    this.identity = identity;
    this.transaction = transaction;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${jobnet.schedules.interval:PT5S}", initialDelayString = "${jobnet.schedules.interval:PT5S}")
  void scheduled() {
    if (!properties.enabled()) {
      return;
    }
    try {
      look();
      if (failing) {
        LOG.info("scheduler: looking again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("scheduler: could not look ({}); trying again every {}", e.getMessage(), properties.interval());
        failing = true;
      }
    }
  }

  /** One look at every scheduled jobnet; the runs it started. Package-private for tests. */
  synchronized List<String> look() {
    List<String> started = new ArrayList<>();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    for (ScheduledJobnet j : jobnets.all()) {
      if (!j.byScheduler()) {
        continue; // a short form its converter made a timer start event (before 2026-12): Camunda's timer starts it
      }
      try {
        started.addAll(look(j, now));
      } catch (RuntimeException e) {
        LOG.warn("scheduler: jobnet {}: {}", j.key(), e.getMessage());
      }
    }
    return started;
  }

  private List<String> look(ScheduledJobnet j, Instant now) {
    List<String> started = new ArrayList<>();
    startQueued(j, now).ifPresent(started::add);
    Instant since = ticks.latest(j).filter(t -> t.isAfter(j.since())).orElse(j.since());
    List<Tick> due = j.schedule().ticks(since, now);
    if (due.isEmpty()) {
      return started;
    }
    Instant lateBefore = now.minus(properties.lateAfter());
    List<Tick> missed = due.stream().filter(t -> t.at().isBefore(lateBefore)).toList();
    List<Tick> runLate = j.schedule().missed().toRun(missed);
    // The runs of missed ticks started now (by this node or another) do not count as "the previous run"
    // for one another (missed: all runs each); for a tick on time they do.
    boolean busy = previousRunning(j, due.get(0).at());
    boolean startedLate = false;
    for (Tick t : due) {
      boolean late = missed.contains(t);
      if (late && !runLate.contains(t)) {
        skipMissed(j, t, now);
        continue;
      }
      Optional<String> run = decide(j, t, late, now, busy || (startedLate && !late));
      if (run.isPresent()) {
        started.add(run.get());
        startedLate |= late;
        busy |= !late;
      }
    }
    return started;
  }

  private void skipMissed(ScheduledJobnet j, Tick t, Instant now) {
    String reason = "missed while no engine ran (missed: " + j.schedule().missed().yaml() + ")";
    transaction.executeWithoutResult(status -> {
      if (ticks.claim(j, t.at(), TickState.SKIPPED_MISSED, null, now, reason)) {
        events.record(event(EventKind.SCHEDULE_TICK_SKIPPED, j, t, "tick " + text(j, t) + " of " + j.key()
            + " not run: " + reason).detail("state", TickState.SKIPPED_MISSED.name()));
      }
    });
  }

  /** Starts, skips or queues a tick per the jobnet's overlap rule; the run it started, if any. */
  private Optional<String> decide(ScheduledJobnet j, Tick t, boolean late, Instant now,
      boolean previousRunning) {
    Overlap.Decision decision = j.schedule().overlap().decide(previousRunning);
    return transaction.execute(status -> switch (decision) {
      case START -> {
        TickState state = late ? TickState.STARTED_LATE : TickState.STARTED;
        if (!ticks.claim(j, t.at(), state, null, now, late ? "missed while no engine ran; started late" : null)) {
          yield Optional.<String>empty();
        }
        yield Optional.of(start(j, t, late, now));
      }
      case SKIP -> {
        String reason = "the previous run of " + j.key() + " still runs (overlap: skip)";
        if (ticks.claim(j, t.at(), TickState.SKIPPED_OVERLAP, null, now, reason)) {
          events.record(event(EventKind.SCHEDULE_TICK_SKIPPED, j, t, "tick " + text(j, t) + " of " + j.key()
              + " not run: " + reason).detail("state", TickState.SKIPPED_OVERLAP.name()));
        }
        yield Optional.<String>empty();
      }
      case QUEUE -> {
        String reason = "the previous run of " + j.key() + " still runs (overlap: queue): starts when it ends";
        if (ticks.claim(j, t.at(), TickState.QUEUED, null, now, reason)) {
          events.record(event(EventKind.SCHEDULE_TICK_QUEUED, j, t, "tick " + text(j, t) + " of " + j.key()
              + " queued: " + reason).detail("state", TickState.QUEUED.name()));
        }
        yield Optional.<String>empty();
      }
    });
  }

  /** The oldest queued tick's run, once no run of the jobnet runs. */
  private Optional<String> startQueued(ScheduledJobnet j, Instant now) {
    Optional<Instant> queued = ticks.oldestQueued(j);
    if (queued.isEmpty() || running(j)) {
      return Optional.empty();
    }
    Instant at = queued.get();
    return transaction.execute(status -> {
      if (!ticks.takeQueued(j, at, now)) {
        return Optional.<String>empty();
      }
      Tick t = new Tick(at, at.atZone(j.schedule().zone()).toLocalDateTime(), List.of("queued until the previous"
          + " run ended"));
      return Optional.of(start(j, t, false, now));
    });
  }

  /** Starts the tick's run in the current transaction (its tick row claimed in it), with its event. */
  private String start(ScheduledJobnet j, Tick t, boolean late, Instant now) {
    String runId;
    try {
      runId = AsEngine.call(identity, () -> {
        var builder = runtime.createProcessInstanceById(j.definitionId())
            .setVariables(Map.of(SCHEDULED_AT, text(j, t)));
        return builder.execute().getId();
      });
    } catch (DuplicateRunException e) {
      throw new IllegalStateException("tick " + text(j, t) + ": " + e.getMessage(), e);
    }
    ticks.runOf(j, t.at(), runId);
    String message = "run " + runId + " of " + j.key() + " started for tick " + text(j, t)
        + (late ? ", late: missed while no engine ran" : "")
        + (t.notes().isEmpty() ? "" : "; " + String.join("; ", t.notes()));
    events.record(event(EventKind.SCHEDULED_RUN_STARTED, j, t, message).inRun(runId)
        .detail("late", late).detail("notes", t.notes()));
    LOG.info("scheduler: {}", message);
    return runId;
  }

  private boolean running(ScheduledJobnet j) {
    return !runningRuns(j).isEmpty();
  }

  /**
   * Whether a run of the jobnet other than those started for ticks from {@code firstDue} on still runs,
   * or a tick waits queued.
   */
  private boolean previousRunning(ScheduledJobnet j, Instant firstDue) {
    List<String> running = runningRuns(j);
    if (!running.isEmpty()) {
      Set<String> catchingUp = ticks.runsFrom(j, firstDue);
      if (running.stream().anyMatch(id -> !catchingUp.contains(id))) {
        return true;
      }
    }
    return ticks.oldestQueued(j).isPresent();
  }

  /** The root runs of the jobnet that run now. */
  private List<String> runningRuns(ScheduledJobnet j) {
    ProcessInstanceQuery q = runtime.createProcessInstanceQuery().processDefinitionKey(j.key()).rootProcessInstances();
    ProcessInstanceQuery tenant = j.tenantId() == null ? q.withoutTenantId() : q.tenantIdIn(j.tenantId());
    return AsEngine.call(identity, () -> tenant.list().stream().map(p -> p.getId()).toList());
  }

  private static NewEvent event(EventKind kind, ScheduledJobnet j, Tick t, String message) {
    return NewEvent.of(kind).tenant(j.tenantId()).message(message).detail("jobnet", j.key())
        .detail("tick", text(j, t));
  }

  /** The tick as people read it: its time with the offset of the schedule's zone. */
  static String text(ScheduledJobnet j, Tick t) {
    return t.in(j.schedule().zone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
