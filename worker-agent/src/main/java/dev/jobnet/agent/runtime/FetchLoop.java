package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.protocol.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches jobs with long polling, never more than the free slots, and starts each on a slot of its
 * own. An engine out of reach is tried again with backoff (1 s doubling to 30 s), one that refuses
 * the agent every 30 s; each change of the engine's state is logged once.
 */
final class FetchLoop {

  private static final Logger LOG = LoggerFactory.getLogger(FetchLoop.class);
  /** The waits between fetches while the engine is out of reach: 1 s, doubling up to 30 s. */
  static final RetryPolicy RECONNECT = new RetryPolicy(0, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.0);
  static final Duration REFUSED_PAUSE = Duration.ofSeconds(30);

  private final AgentConfig config;
  private final EngineGateway engine;
  private final Journal journal;
  private final JobRunner runner;
  private final RunningJobs jobs;
  private String engineState = "unknown";

  FetchLoop(AgentConfig config, EngineGateway engine, Journal journal, JobRunner runner, RunningJobs jobs) {
    this.config = config;
    this.engine = engine;
    this.journal = journal;
    this.runner = runner;
    this.jobs = jobs;
  }

  /** Runs until the stop is asked for. */
  void run(StopSignal stop) {
    int unreachable = 0; // fetches in a row the engine did not answer
    while (!stop.isRequested()) {
      try {
        int free = jobs.awaitFreeSlots();
        if (stop.isRequested()) {
          break;
        }
        List<FetchedTask> fetched = engine.fetch(free, config.topics(), config.lock(), config.longPoll());
        if (stop.isRequested()) {
          fetched.forEach(engine::giveBack); // fetched as the stop came: never started, give back
          break;
        }
        engineState("reachable");
        unreachable = 0;
        fetched.forEach(this::start);
      } catch (EngineUnavailableException e) {
        engineState("unreachable (" + e.getMessage() + "); retrying with backoff");
        stop.pause(RECONNECT.waitAfter(++unreachable));
      } catch (AccessRefusedException e) {
        engineState("refusing the agent: " + e.getMessage());
        stop.pause(REFUSED_PAUSE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("fetch loop: unexpected failure; going on", e);
        stop.pause(RECONNECT.waitAfter(unreachable + 1));
      }
    }
  }

  private void start(FetchedTask task) {
    if (jobs.holds(task.id()) || journal.read(task.id()).isPresent()) {
      // Our own job, fetched again after its lock expired (the engine was out of reach): it runs
      // or waits for its report here; the fetch merely renewed the lock. Never start it twice.
      LOG.info("job {} ({}) fetched again while this agent still has it; lock renewed, not started again",
          task.id(), task.activityId());
      return;
    }
    jobs.start(task.id(), "job " + task.id() + " (" + task.activityId() + ")", handle -> runner.run(task, handle));
  }

  private void engineState(String state) {
    if (!state.equals(engineState)) {
      engineState = state;
      LOG.info("engine {} is {}", config.engineUrl(), state);
    }
  }
}
