package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.StopMode;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.http.AgentSecrets;
import dev.jobnet.agent.job.Preflight;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessLauncher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: puts its parts together and runs them. On {@link #run}: {@link Recovery} of what the
 * journal holds, then the {@link FetchLoop} on the calling thread, the {@link DeliveryRound} and the
 * {@link Registration}'s reports beside it; the jobs themselves run in {@link RunningJobs}, each
 * through its {@link JobRunner}. {@link #stop} drains (no more fetches, running jobs get the grace
 * period, then are stopped and reported) or, with {@code JOBNET_AGENT_STOP=detach}, leaves the running
 * jobs to the next agent of its name.
 */
public final class Agent {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration DRAIN_CHECK = Duration.ofMillis(100);
  /** How long a stopping agent waits for its runners (detach) and its registry thread to return. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final AgentConfig config;
  private final EngineGateway engine;
  private final RunningJobs jobs;
  private final Recovery recovery;
  private final FetchLoop fetchLoop;
  private final DeliveryRound delivery;
  private final Registration registration;
  private final StopSignal stop = new StopSignal();
  /** Ends the registry's reports: after the drain (the jobs still run until then), or at once for a detach. */
  private final StopSignal registryStop = new StopSignal();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Journal journal;
  private volatile Thread registry;

  public Agent(AgentConfig config, EngineGateway engine, Clock clock) {
    this(config, engine, clock, AgentSecrets.of(System.getenv()));
  }

  /** An agent whose http jobs take their {@code ${secret:NAME}} values from {@code secrets}. */
  public Agent(AgentConfig config, EngineGateway engine, Clock clock, AgentSecrets secrets) {
    this.config = config;
    this.engine = engine;
    this.journal = new Journal(config.workDir());
    Reporter reporter = new Reporter(engine, journal);
    JobRunner runner = new JobRunner(config, engine, journal, new ProcessLauncher(),
        new Preflight(Preflight.systemPath(), config.allowedCommandDirs()), reporter, clock,
        RandomGenerator.getDefault(), System.getenv(), secrets);
    this.jobs = new RunningJobs(config.capacity());
    this.recovery = new Recovery(config, journal, runner, jobs);
    this.fetchLoop = new FetchLoop(config, engine, journal, runner, jobs);
    this.delivery = new DeliveryRound(engine, journal, reporter, jobs, config.name());
    this.registration = new Registration(config, engine, journal, clock);
  }

  /** Runs until {@link #stop}: recovery, then the fetch loop on this thread and the delivery round beside it. */
  public void run() {
    recovery.recover();
    daemon("jobnet-delivery", () -> delivery.runUntil(stop));
    registry = daemon("jobnet-registry", () -> registration.runUntil(registryStop));
    fetchLoop.run(stop);
    stopped.countDown();
  }

  /**
   * Stops as {@code JOBNET_AGENT_STOP} says: drains (no new fetches; running jobs finish within the grace
   * period or are stopped and reported), or detaches (see {@link #detach}).
   */
  public void stop() {
    if (stop.isRequested()) {
      return;
    }
    stop.request();
    if (config.stop() == StopMode.DETACH) {
      detach();
      return;
    }
    registration.writeStatus("STOPPING");
    engine.stopFetching(); // ends the waiting long poll at once
    LOG.info("stopping: no new jobs; {} running job(s) get {} to finish", jobs.count(), config.stopGrace());
    Instant deadline = Instant.now().plus(config.stopGrace());
    while (jobs.count() > 0 && Instant.now().isBefore(deadline)) {
      sleep(DRAIN_CHECK);
    }
    jobs.interruptAll();
    jobs.shutdown(config.killGrace().plusSeconds(30));
    delivery.deliverPending();
    registryStop.request();
    join(registry, STOP_WAIT);
    registration.stopped();
    LOG.info("stopped");
  }

  /**
   * A restart that leaves the running jobs alone: no new fetches; the runners stop watching (no more
   * heartbeats), their processes go on; every job the journal holds gets one lock extension of its lock
   * plus {@code JOBNET_AGENT_DETACH_FOR}, and the engine's registry is told the agent is away that long,
   * so none is re-delivered or made STUCK meanwhile. The next agent of this name and work directory
   * takes them back from the journal ({@link Recovery}) and reports their outcomes.
   */
  private void detach() {
    registration.writeStatus("DETACHING");
    engine.stopFetching();
    registryStop.request();
    jobs.detachAll();
    jobs.shutdown(STOP_WAIT); // each runner returns within a second; one still starting a job finishes that
    join(registry, STOP_WAIT); // its last report must not land after the away below and end it
    Duration lock = config.lock().plus(config.detachFor());
    int extended = 0;
    for (JobRecord r : journal.all()) {
      if (r.phase().isDone()) {
        continue;
      }
      try {
        engine.extendLock(r.taskId(), lock);
        extended++;
      } catch (RuntimeException e) {
        LOG.warn("job {}: its lock could not be extended for the restart ({}); it lapses {} after the last"
            + " heartbeat", r.taskId(), e.getMessage(), config.lock());
      }
    }
    try {
      Instant until = engine.away(config.detachFor());
      LOG.info("detached: {} job(s) left to the next agent of this name (locks extended by {}); the engine counts "
          + "this agent as heard from until {}", extended, config.detachFor(), until);
    } catch (RuntimeException e) {
      LOG.warn("detached, but the engine was not told ({}): its jobs here are made STUCK unless an agent of this"
          + " name reports within the engine's offline-after; the next agent withdraws that", e.getMessage());
    }
    registration.writeStatus("DETACHED");
  }

  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Map<String, Object> status() {
    return Map.of("name", config.name(), "servers", config.servers(), "capacity", config.capacity(),
        "running", jobs.count());
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void join(Thread t, Duration wait) {
    if (t == null) {
      return;
    }
    try {
      t.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
