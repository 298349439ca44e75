package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.AgentStatus;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's entry in the engine's registry: every heartbeat interval it reports its servers,
 * capacity, heartbeat, lock and the jobs it has started and not finished (read from the journal, so
 * jobs picked up again after a restart count too). The engine's watchdog makes the jobs of an agent
 * that stops reporting STUCK, and withdraws that when the reports resume with the jobs still running.
 * Problems are logged once per change, not once per heartbeat.
 */
final class Registration {

  private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

  private final AgentConfig config;
  private final EngineGateway engine;
  private final Journal journal;
  private final StatusFile statusFile;
  private final Clock clock;
  private String state = "unknown";
  /** The agent's own state for the status file: RUNNING, then STOPPING, DETACHING, ... */
  private volatile String agentState = "RUNNING";
  private Instant lastContact;

  Registration(AgentConfig config, EngineGateway engine, Journal journal, Clock clock) {
    this.config = config;
    this.engine = engine;
    this.journal = journal;
    this.clock = clock;
    this.statusFile = new StatusFile(config, clock);
  }

  /** The report as it stands now. */
  AgentStatus status() {
    List<AgentStatus.RunningJob> running = new ArrayList<>();
    for (JobRecord r : journal.all()) {
      if (r.phase() == JobPhase.STARTED || r.phase() == JobPhase.LAUNCHING) {
        running.add(new AgentStatus.RunningJob(r.taskId(), r.processInstanceId(), r.activityId()));
      }
    }
    return new AgentStatus(config.servers(), config.capacity(), config.heartbeat().toMillis(),
        config.lock().toMillis(), running);
  }

  /** One report, then the status file; never throws. */
  void report() {
    try {
      List<String> withdrawn = engine.report(status());
      lastContact = clock.instant();
      for (String taskId : withdrawn) {
        LOG.info("job {}: the engine had made it STUCK while it heard nothing from this agent; it runs here, the "
            + "STUCK state is withdrawn", taskId);
      }
      state("registered");
    } catch (EngineUnavailableException e) {
      state("not registered: engine unreachable (" + e.getMessage() + ")");
    } catch (AccessRefusedException e) {
      state("not registered: " + e.getMessage());
    } catch (RuntimeException e) {
      state("not registered: " + e);
    }
    writeStatus(agentState);
  }

  /** The status file as things stand ({@code RUNNING}, {@code STOPPING}, {@code STOPPED}); never throws. */
  void writeStatus(String agentState) {
    this.agentState = agentState;
    try {
      statusFile.write(agentState, state, lastContact, journal.all());
    } catch (RuntimeException e) {
      LOG.debug("status file not written: {}", e.toString());
    }
  }

  /**
   * Reports every heartbeat interval until {@code stop}: for a draining agent, once its jobs have ended,
   * so that the watchdog does not take a draining agent for a silent one.
   */
  void runUntil(StopSignal stop) {
    while (!stop.isRequested()) {
      report();
      stop.pause(config.heartbeat());
    }
  }

  /** Tells the registry the agent stopped; never throws. */
  void stopped() {
    try {
      engine.stopped();
      lastContact = clock.instant();
      state("stopped");
    } catch (RuntimeException e) {
      LOG.info("could not tell the engine that this agent stopped ({}); it marks the agent offline after its "
          + "offline timeout", e.getMessage());
    }
    writeStatus("STOPPED");
  }

  private void state(String now) {
    if (!now.equals(state)) {
      state = now;
      LOG.info("agent registry: {}", now);
    }
  }
}
