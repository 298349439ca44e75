package dev.jobnet.agent.runtime;

import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.job.Outcome;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.protocol.JobMdc;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.agent.process.ProcessLauncher;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a starting agent does with the jobs its journal holds from before: a job whose process still
 * runs is watched again; one whose process ended gets its outcome from the exit status its wrapper
 * wrote; one never started is left for the delivery round to give back; one whose process was lost
 * with the host (another boot id) is recorded STUCK, for an operator to decide.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  /** How long a launch cut short by the agent's death is given to show its wrapper's pid. */
  static final Duration LAUNCH_SETTLE = Duration.ofSeconds(1);

  private final AgentConfig config;
  private final Journal journal;
  private final JobRunner runner;
  private final RunningJobs jobs;

  Recovery(AgentConfig config, Journal journal, JobRunner runner, RunningJobs jobs) {
    this.config = config;
    this.journal = journal;
    this.runner = runner;
    this.jobs = jobs;
  }

  void recover() {
    String boot = ProcessGroups.bootId();
    for (JobRecord r : journal.all()) {
      try (JobMdc ignored = runner.mdc(r)) {
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
  }

  /**
   * The agent died while starting the command, or after (the STARTED record is not waited for): if the
   * wrapper wrote its pid (or an exit status), the command ran and is treated as started; otherwise it
   * never ran and the job is given back by the delivery round, like a claimed one. After the host
   * restarted, neither file need have reached the disk: the job may have run, and it is STUCK, lost
   * with the host, for an operator to decide (never given back to run again).
   */
  private void recoverLaunching(JobRecord r, String boot) {
    ProcessLauncher.AttemptFiles files = ProcessLauncher.AttemptFiles.in(journal.directory(r.taskId()));
    if (!boot.equals(r.bootId())) {
      lostWithHost(r, files, "was starting it at " + Instant.ofEpochMilli(r.claimedAt()) + " (whether it ran is not"
          + " known)");
      return;
    }
    Optional<Long> pid = ProcessLauncher.wrapperPid(files);
    if (pid.isEmpty() && ProcessLauncher.exitStatus(files).isEmpty()) {
      // a launch cut short by the agent's death completes within moments: look once more
      sleep(LAUNCH_SETTLE);
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
      lostWithHost(r, files, "had started it at " + Instant.ofEpochMilli(r.processStart()));
      return;
    }
    if (ProcessGroups.isSameProcess(r.pid(), Instant.ofEpochMilli(r.processStart())) || ProcessGroups.isAlive(r.pid())) {
      jobs.start(r.taskId(), "job " + r.taskId() + " (" + r.activityId() + ")", handle -> runner.resume(r, handle));
      return;
    }
    Outcome outcome = ProcessLauncher.exitStatus(files).map(Outcome::ofExitStatus).orElseGet(() -> new Outcome(
        Outcome.Kind.RETRYABLE, null, "the process ended without an exit status while the agent was down"));
    journal.write(r.finished(outcome.kind().name(), outcome.exitStatus(), outcome.reason(), JobRunner.details(files),
        outcome.kind() == Outcome.Kind.RETRYABLE ? 0L : null));
  }

  /** A job whose process went with the host (another boot id): STUCK, for an operator to decide. */
  private void lostWithHost(JobRecord r, ProcessLauncher.AttemptFiles files, String when) {
    journal.write(r.finished(Outcome.Kind.STUCK.name(), null, "process lost when host restarted: agent "
        + config.name() + " " + when + "; the outcome is unknown: mark it succeeded or failed, or retry it",
        JobRunner.details(files), null));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
