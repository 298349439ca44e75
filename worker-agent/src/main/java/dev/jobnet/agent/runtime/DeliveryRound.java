package dev.jobnet.agent.runtime;

import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.protocol.JobMdc;
import dev.jobnet.agent.journal.Journal;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@value #INTERVAL_SECONDS} s, and once more as the agent stops: reports the outcomes the
 * engine could not take when the jobs ended, and gives back the jobs that were never started, oldest
 * first, while the engine answers. Jobs running here are left to their runners.
 */
final class DeliveryRound {

  static final int INTERVAL_SECONDS = 2;
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRound.class);

  private final EngineGateway engine;
  private final Journal journal;
  private final Reporter reporter;
  private final RunningJobs jobs;
  private final String agent;

  DeliveryRound(EngineGateway engine, Journal journal, Reporter reporter, RunningJobs jobs, String agent) {
    this.agent = agent;
    this.engine = engine;
    this.journal = journal;
    this.reporter = reporter;
    this.jobs = jobs;
  }

  /** Runs a round every interval until the stop is asked for. */
  void runUntil(StopSignal stop) {
    while (!stop.isRequested()) {
      deliverPending();
      stop.pause(Duration.ofSeconds(INTERVAL_SECONDS));
    }
  }

  /** One round. */
  synchronized void deliverPending() {
    Set<String> active = jobs.taskIds();
    for (JobRecord r : journal.all()) {
      if (active.contains(r.taskId())) {
        continue;
      }
      try (JobMdc ignored = JobRunner.mdc(r, agent)) {
        if (r.phase() == JobPhase.FINISHED) {
          reporter.deliver(r);
        } else if (r.phase() == JobPhase.CLAIMED || r.phase() == JobPhase.LAUNCHING) {
          engine.releaseStartMarker(r.taskId(), r.attempt());
          engine.unlock(r.taskId());
          journal.close(r.to(JobPhase.RELEASED));
          LOG.info("job {} ({}) was never started here; given back to the engine", r.taskId(), r.activityId());
        }
      } catch (EngineUnavailableException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("job {}: could not report it; will try again", r.taskId(), e);
      }
    }
  }
}
