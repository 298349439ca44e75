package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.job.Preflight;
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
 * through its {@link JobRunner}. {@link #stop} drains: no more fetches, running jobs get the grace
 * period, then are stopped and reported.
 */
public final class Agent {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration DRAIN_CHECK = Duration.ofMillis(100);

  private final AgentConfig config;
  private final EngineGateway engine;
  private final RunningJobs jobs;
  private final Recovery recovery;
  private final FetchLoop fetchLoop;
  private final DeliveryRound delivery;
  private final Registration registration;
  private final StopSignal stop = new StopSignal();
  private final CountDownLatch stopped = new CountDownLatch(1);

  public Agent(AgentConfig config, EngineGateway engine, Clock clock) {
    this.config = config;
    this.engine = engine;
    Journal journal = new Journal(config.workDir());
    Reporter reporter = new Reporter(engine, journal);
    JobRunner runner = new JobRunner(config, engine, journal, new ProcessLauncher(),
        new Preflight(Preflight.systemPath(), config.allowedCommandDirs()), reporter, clock,
        RandomGenerator.getDefault(), System.getenv());
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
    daemon("jobnet-registry", () -> registration.runUntil(stop));
    fetchLoop.run(stop);
    stopped.countDown();
  }

  /** Drains: no new fetches; running jobs finish within the grace period or are stopped and reported. */
  public void stop() {
    if (stop.isRequested()) {
      return;
    }
    stop.request();
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
    registration.stopped();
    LOG.info("stopped");
  }

  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Map<String, Object> status() {
    return Map.of("name", config.name(), "servers", config.servers(), "capacity", config.capacity(),
        "running", jobs.count());
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
