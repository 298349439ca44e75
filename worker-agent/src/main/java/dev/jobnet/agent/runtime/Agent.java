package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.agent.job.Outcome;
import dev.jobnet.agent.job.Preflight;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.agent.process.ProcessLauncher;
import dev.jobnet.protocol.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: recovers what its journal holds, then fetches jobs up to its free capacity with long
 * polling and runs each on its own thread; a delivery round reports outcomes the engine could not
 * take and gives back jobs that were never started. {@link #stop} drains: no more fetches, running
 * jobs get the grace period, then are stopped and reported.
 */
public final class Agent {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  /** The waits between fetches while the engine is out of reach: 1 s, doubling up to 30 s. */
  static final RetryPolicy RECONNECT = new RetryPolicy(0, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.0);

  private final AgentConfig config;
  private final EngineGateway engine;
  private final Journal journal;
  private final JobRunner runner;
  private final Reporter reporter;
  private final Registration registration;
  private final Semaphore slots;
  private final ExecutorService jobs;
  private final Set<JobRunner.Handle> running = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile String engineState = "unknown";

  public Agent(AgentConfig config, EngineGateway engine, Clock clock) {
    this.config = config;
    this.engine = engine;
    this.journal = new Journal(config.workDir());
    this.reporter = new Reporter(engine, journal);
    this.registration = new Registration(config, engine, journal);
    this.runner = new JobRunner(config, engine, journal, new ProcessLauncher(),
        new Preflight(Preflight.systemPath(), config.allowedCommandDirs()), reporter, clock,
        RandomGenerator.getDefault(), System.getenv());
    this.slots = new Semaphore(config.capacity());
    this.jobs = Executors.newFixedThreadPool(config.capacity() + 1, r -> {
      Thread t = new Thread(r, "jobnet-job");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs until {@link #stop}: recovery, then the fetch loop on this thread and the delivery round beside it. */
  public void run() {
    recover();
    Thread delivery = new Thread(this::deliveryRounds, "jobnet-delivery");
    delivery.setDaemon(true);
    delivery.start();
    Thread reports = new Thread(this::registryReports, "jobnet-registry");
    reports.setDaemon(true);
    reports.start();
    int unreachable = 0; // fetches in a row the engine did not answer
    while (!stopping) {
      try {
        slots.acquire();
        int free = 1 + slots.drainPermits();
        slots.release(free);
        if (stopping) {
          break;
        }
        List<FetchedTask> fetched = engine.fetch(free, config.topics(), config.lock(), config.longPoll());
        if (stopping) {
          fetched.forEach(t -> engine.unlock(t.id())); // fetched as the stop came: never started, give back
          break;
        }
        engineState("reachable");
        unreachable = 0;
        for (FetchedTask task : fetched) {
          if (isKnown(task.id())) {
            // Our own job, fetched again after its lock expired (the engine was out of reach): it runs
            // or waits for its report here; the fetch merely renewed the lock. Never start it twice.
            LOG.info("job {} ({}) fetched again while this agent still has it; lock renewed, not started again",
                task.id(), task.activityId());
            continue;
          }
          slots.acquireUninterruptibly();
          JobRunner.Handle handle = new JobRunner.Handle();
          handle.taskId = task.id();
          running.add(handle);
          jobs.submit(() -> {
            try {
              runner.run(task, handle);
            } catch (RuntimeException e) {
              LOG.error("job {} ({}): unexpected failure in the agent; it stays in the journal", task.id(),
                  task.activityId(), e);
            } finally {
              running.remove(handle);
              slots.release();
            }
          });
        }
      } catch (EngineUnavailableException e) {
        engineState("unreachable (" + e.getMessage() + "); retrying with backoff");
        pauseUnlessStopping(RECONNECT.waitAfter(++unreachable));
      } catch (AccessRefusedException e) {
        engineState("refusing the agent: " + e.getMessage());
        pauseUnlessStopping(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("fetch loop: unexpected failure; going on", e);
        pauseUnlessStopping(RECONNECT.waitAfter(unreachable + 1));
      }
    }
    stopped.countDown();
  }

  /** Drains: no new fetches; running jobs finish within the grace period or are stopped and reported. */
  public void stop() {
    if (stopping) {
      return;
    }
    stopping = true;
    stopRequested.countDown();
    engine.stopFetching(); // ends the waiting long poll at once
    LOG.info("stopping: no new jobs; {} running job(s) get {} to finish", running.size(), config.stopGrace());
    Instant deadline = Instant.now().plus(config.stopGrace());
    while (!running.isEmpty() && Instant.now().isBefore(deadline)) {
      sleep(Duration.ofMillis(100));
    }
    running.forEach(JobRunner.Handle::interrupt);
    jobs.shutdown();
    try {
      jobs.awaitTermination(config.killGrace().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deliverPending();
    registration.stopped();
    LOG.info("stopped");
  }

  private void recover() {
    String boot = ProcessGroups.bootId();
    for (JobRecord r : journal.all()) {
      switch (r.phase()) {
        case CLAIMED -> LOG.info("job {} ({}) was never started; it will be given back", r.taskId(), r.activityId());
        case LAUNCHING -> recoverLaunching(r, boot);
        case STARTED -> recoverStarted(r, boot);
        case FINISHED -> LOG.info("job {} ({}) finished before the restart; its outcome will be reported",
            r.taskId(), r.activityId());
        default -> journal.remove(r.taskId());
      }
    }
  }

  /**
   * The agent died while starting the command: if the wrapper wrote its pid (or an exit status), the
   * command ran and is treated as started; otherwise it never ran and the job is given back by the
   * delivery round, like a claimed one.
   */
  private void recoverLaunching(JobRecord r, String boot) {
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(journal.directory(r.taskId()));
    Optional<Long> pid = ProcessLauncher.wrapperPid(files);
    if (pid.isEmpty() && ProcessLauncher.exitStatus(files).isEmpty() && boot.equals(r.bootId())) {
      // a launch cut short by the agent's death completes within moments: look once more
      sleep(Duration.ofSeconds(1));
      pid = ProcessLauncher.wrapperPid(files);
    }
    if (pid.isEmpty() && ProcessLauncher.exitStatus(files).isEmpty()) {
      LOG.info("job {} ({}) was never started (the agent stopped while starting it); it will be given back",
          r.taskId(), r.activityId());
      return;
    }
    long started = pid.flatMap(p -> ProcessHandle.of(p)).flatMap(h -> h.info().startInstant())
        .map(Instant::toEpochMilli).orElse(r.claimedAt());
    JobRecord startedRecord = r.started(pid.orElse(-1L), started, r.bootId());
    journal.write(startedRecord);
    LOG.info("job {} ({}): its command had started (pid {}) when the agent stopped", r.taskId(), r.activityId(),
        pid.map(String::valueOf).orElse("unknown, it has ended"));
    recoverStarted(startedRecord, boot);
  }

  private void recoverStarted(JobRecord r, String boot) {
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(journal.directory(r.taskId()));
    if (!boot.equals(r.bootId())) {
      journal.write(r.finished(Outcome.Kind.STUCK.name(), null, "process lost when host restarted: agent "
          + config.name() + " had started it at " + Instant.ofEpochMilli(r.processStart())
          + "; the outcome is unknown: mark it succeeded or failed, or retry it", JobRunner.details(files), null));
      return;
    }
    if (ProcessGroups.isSameProcess(r.pid(), Instant.ofEpochMilli(r.processStart())) || ProcessGroups.isAlive(r.pid())) {
      slots.acquireUninterruptibly();
      JobRunner.Handle handle = new JobRunner.Handle();
      running.add(handle);
      jobs.submit(() -> {
        try {
          runner.resume(r, handle);
        } finally {
          running.remove(handle);
          slots.release();
        }
      });
      return;
    }
    Outcome outcome = ProcessLauncher.exitStatus(files).map(Outcome::ofExitStatus).orElseGet(() -> new Outcome(
        Outcome.Kind.RETRYABLE, null, "the process ended without an exit status while the agent was down"));
    journal.write(r.finished(outcome.kind().name(), outcome.exitStatus(), outcome.reason(), JobRunner.details(files),
        outcome.kind() == Outcome.Kind.RETRYABLE ? 0L : null));
  }

  /** A job this agent runs or still has to report or give back. */
  private boolean isKnown(String taskId) {
    for (JobRunner.Handle h : running) {
      if (taskId.equals(h.taskId)) {
        return true;
      }
    }
    return journal.read(taskId).isPresent();
  }

  /** Reports the agent to the engine's registry every heartbeat interval, from the start until it stops. */
  private void registryReports() {
    while (!stopping) {
      registration.report();
      sleep(config.heartbeat());
    }
  }

  private void deliveryRounds() {
    while (!stopping) {
      deliverPending();
      sleep(Duration.ofSeconds(2));
    }
  }

  /** Reports finished outcomes and gives back never-started jobs, oldest first, while the engine answers. */
  private synchronized void deliverPending() {
    Set<String> active = ConcurrentHashMap.newKeySet();
    running.forEach(h -> {
      if (h.taskId != null) {
        active.add(h.taskId);
      }
    });
    for (JobRecord r : journal.all()) {
      if (active.contains(r.taskId())) {
        continue;
      }
      try {
        if (r.phase() == JobPhase.FINISHED) {
          reporter.deliver(r);
        } else if (r.phase() == JobPhase.CLAIMED || r.phase() == JobPhase.LAUNCHING) {
          engine.releaseStartMarker(r.taskId(), r.attempt());
          engine.unlock(r.taskId());
          journal.write(r.to(JobPhase.RELEASED));
          journal.remove(r.taskId());
          LOG.info("job {} ({}) was never started here; given back to the engine", r.taskId(), r.activityId());
        }
      } catch (EngineUnavailableException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("job {}: could not report it; will try again", r.taskId(), e);
      }
    }
  }

  private void engineState(String state) {
    if (!state.equals(engineState)) {
      engineState = state;
      LOG.info("engine {} is {}", config.engineUrl(), state);
    }
  }

  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Map<String, Object> status() {
    return Map.of("name", config.name(), "servers", config.servers(), "capacity", config.capacity(),
        "running", running.size());
  }

  /** Waits before the fetch loop tries again, unless the agent stops meanwhile. */
  private void pauseUnlessStopping(Duration d) {
    try {
      stopRequested.await(d.toMillis(), TimeUnit.MILLISECONDS);
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
