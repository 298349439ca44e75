package dev.jobnet.engine.agents;

import dev.jobnet.engine.bpmn.JobPaths;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.NewEvent;
import dev.jobnet.engine.jobs.Attempts;
import dev.jobnet.engine.jobs.LostFetchRelease;
import dev.jobnet.engine.jobs.LostFetches;
import dev.jobnet.engine.jobs.StartMarker;
import dev.jobnet.engine.jobs.StartMarkerStore;
import dev.jobnet.engine.security.AsEngine;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Topics;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the watchdog and the registry do to jobs, each job in a transaction of its own, as the engine:
 * make the running jobs of a silent agent STUCK, withdraw that when the agent comes back with the job
 * still running, and fail the jobs of a server no agent has ever served.
 */
@Service
public class StuckJobs implements LostFetchRelease {

  /** Every STUCK message of the watchdog begins so, for people and programs searching for it. */
  public static final String AGENT_SILENT = "agent silent";
  /** The worker id under which the watchdog takes a job it fails. */
  static final String WATCHDOG_WORKER = "jobnet-watchdog";

  private final ExternalTaskService tasks;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final Attempts attempts;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final EventLog events;
  private final StartMarkerStore markers;
  private final LostFetches lostFetches;
  private final JobPaths paths;

  StuckJobs(ExternalTaskService tasks, RuntimeService runtime, IdentityService identity, Attempts attempts,
      JdbcTemplate jdbc, TransactionTemplate transaction, EventLog events, StartMarkerStore markers,
      LostFetches lostFetches, JobPaths paths) {
    this.markers = markers;
    this.lostFetches = lostFetches;
    this.paths = paths;
    this.tasks = tasks;
    this.runtime = runtime;
    this.identity = identity;
    this.attempts = attempts;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.events = events;
  }

  /** A job the watchdog made STUCK. */
  public record Stuck(String taskId, String processInstanceId, String activityId, String agent, String message) {}

  /**
   * Makes the job STUCK if agent {@code agent} holds it and has started the attempt now on it
   * (retries 0 and an incident with a message, the lock left as it is, so no agent can fetch it); empty
   * when it is not (in its backoff, never started, already settled).
   */
  public Optional<Stuck> makeStuck(String taskId, AgentView agent, Instant now) {
    return AsEngine.call(identity, () -> transaction.execute(status -> {
      ExternalTask task = tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
      if (task == null || !agent.name().equals(task.getWorkerId())
          || (task.getRetries() != null && task.getRetries() == 0)) {
        return Optional.<Stuck>empty();
      }
      Optional<StartMarker> marker = markers.of(task.getId());
      if (marker.isEmpty() || !attempts.startedNow(task, marker,
          runtime.getVariableLocal(task.getExecutionId(), ProcessVariables.ATTEMPT_OFFSET))
          || lostFetches.isLost(agent.name(), markers.fetchOf(task.getId()).orElse(null))) {
        // not started, or marked by a fetch whose answer the agent never received: its lock runs out
        return Optional.<Stuck>empty();
      }
      String server = Topics.serverOf(task.getTopicName()).orElse(task.getTopicName());
      String message = AGENT_SILENT + ": no heartbeat from agent " + agent.name() + " since " + agent.lastSeen()
          + "; the job may still be running there, its outcome is unknown. Wait for the agent, or resolve: "
          + "mark succeeded, mark failed, or retry";
      String details = message + ".\n\nAgent " + agent.name() + " started attempt " + marker.get().attempt() + " at "
          + marker.get().startedAt() + " and has not been heard from since " + agent.lastSeen() + ". If it comes "
          + "back, it reports the real outcome (or goes on with the running command) and this incident goes away by "
          + "itself. If it does not, check machine " + agent.name() + ": is the command still running? did it "
          + "finish? Then resolve the job: Mark succeeded (the flow goes on), Mark failed (the failure rules "
          + "apply), or Retry (it runs again on an agent of server " + server + "). Resolving stops the command "
          + "if the agent comes back with it still running.";
      long keepLock = task.getLockExpirationTime() == null ? 0
          : Math.max(0, Duration.between(now, task.getLockExpirationTime().toInstant()).toMillis());
      jdbc.update("INSERT INTO jobnet_stuck (external_task_id, process_instance_id, activity_id, agent, retries_before,"
          + " since) VALUES (?, ?, ?, ?, ?, ?)", task.getId(), task.getProcessInstanceId(), task.getActivityId(),
          agent.name(), task.getRetries(), Timestamp.from(now));
      JobState.RUNNING.becomes(JobState.STUCK, job(task));
      tasks.handleFailure(task.getId(), agent.name(), message, details, 0, keepLock);
      return Optional.of(new Stuck(task.getId(), task.getProcessInstanceId(), task.getActivityId(), agent.name(),
          message));
    }));
  }

  /**
   * Agent {@code agent} is back and runs these jobs: the STUCK states the watchdog gave them are
   * withdrawn (their retries back, the incident resolved), each with the event JOB_STUCK_WITHDRAWN in
   * its transaction. The jobs withdrawn.
   */
  public List<String> withdraw(String agent, List<String> runningTaskIds) {
    List<String> withdrawn = new ArrayList<>();
    for (String taskId : runningTaskIds) {
      List<Integer> before = jdbc.query("SELECT retries_before FROM jobnet_stuck WHERE external_task_id = ? AND agent = ?",
          (rs, i) -> (Integer) rs.getObject(1), taskId, agent);
      if (before.isEmpty()) {
        continue;
      }
      boolean done = AsEngine.call(identity, () -> transaction.execute(status -> {
        ExternalTask task = tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
        jdbc.update("DELETE FROM jobnet_stuck WHERE external_task_id = ?", taskId);
        if (task == null || !agent.equals(task.getWorkerId()) || task.getRetries() == null || task.getRetries() != 0) {
          return false;
        }
        Integer retries = before.get(0);
        JobState.STUCK.becomes(JobState.RUNNING, job(task)); // its agent still runs it
        tasks.setRetries(taskId, attempts.retriesToGiveBack(retries, task));
        recordWithdrawn(task, agent);
        return true;
      }));
      if (done) {
        withdrawn.add(taskId);
      }
    }
    return withdrawn;
  }

  /**
   * Agent {@code agent} never received the answers of these fetches: the jobs they marked for it and it
   * still holds go back to any agent at once (marker removed, lock released), each in a transaction of
   * its own; one the watchdog or the guard made STUCK meanwhile gets its retries back, with the event
   * JOB_STUCK_WITHDRAWN. A job another agent fetched since is that agent's: left alone.
   */
  @Override
  public List<String> releaseLost(String agent, List<String> fetchIds) {
    List<String> released = new ArrayList<>();
    for (String taskId : markers.markedBy(agent, fetchIds)) {
      boolean done = AsEngine.call(identity, () -> transaction.execute(status -> {
        ExternalTask task = tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
        Optional<StartMarker> marker = markers.of(taskId);
        if (task == null || marker.isEmpty() || !agent.equals(task.getWorkerId())
            || !agent.equals(marker.get().agent())) {
          return false;
        }
        if (task.getRetries() != null && task.getRetries() == 0) {
          List<Integer> stuckBefore = jdbc.query("SELECT retries_before FROM jobnet_stuck WHERE external_task_id = ?",
              (rs, i) -> (Integer) rs.getObject(1), taskId);
          Integer before = !stuckBefore.isEmpty() ? stuckBefore.get(0)
              : marker.get().secondStart() != null ? marker.get().secondStart().retries() : null;
          jdbc.update("DELETE FROM jobnet_stuck WHERE external_task_id = ?", taskId);
          JobState.STUCK.becomes(JobState.PENDING, job(task)); // nobody ever had it
          tasks.setRetries(taskId, attempts.retriesToGiveBack(before, task));
          events.record(NewEvent.of(EventKind.JOB_STUCK_WITHDRAWN).inProcessInstance(task.getProcessInstanceId())
              .element(task.getActivityId()).tenant(task.getTenantId()).actor(agent)
              .message("agent " + agent + " never received " + task.getActivityId() + " (the answer to its fetch was "
                  + "lost), so it never started it; no longer STUCK, the next agent runs it")
              .detail("agent", agent).detail("attempt", marker.get().attempt()).detail("externalTaskId", taskId)
              .detail("jobPath", paths.of(task.getProcessDefinitionId(), task.getActivityId())));
        } else {
          JobState.RUNNING.becomes(JobState.PENDING, job(task)); // given back: any agent may fetch it
        }
        markers.delete(taskId);
        tasks.unlock(taskId);
        return true;
      }));
      if (done) {
        released.add(taskId);
      }
    }
    return released;
  }

  /** A job, as a state change names it. */
  private static String job(ExternalTask task) {
    return "job " + task.getActivityId() + " of run " + task.getProcessInstanceId();
  }

  private void recordWithdrawn(ExternalTask task, String agent) {
    Integer attempt = markers.of(task.getId())
        .filter(m -> m.agent().equals(agent)).map(StartMarker::attempt).orElse(null);
    String job = task.getActivityId();
    events.record(NewEvent.of(EventKind.JOB_STUCK_WITHDRAWN).inProcessInstance(task.getProcessInstanceId())
        .element(job).tenant(task.getTenantId()).actor(agent)
        .message("agent " + agent + " is back and still runs " + job + (attempt == null ? "" : " (attempt " + attempt
            + ")") + "; no longer STUCK")
        .detail("agent", agent).detail("attempt", attempt).detail("externalTaskId", task.getId())
        .detail("jobPath", paths.of(task.getProcessDefinitionId(), job)));
  }

  /**
   * Forgets the STUCK marks of jobs that were settled otherwise (reported, resolved, stopped), and the
   * start markers of tasks that are gone.
   */
  public int forgetSettled() {
    markers.forgetEnded();
    lostFetches.forgetOld();
    return jdbc.update("DELETE FROM jobnet_stuck WHERE NOT EXISTS (SELECT 1 FROM ACT_RU_EXT_TASK t"
        + " WHERE t.ID_ = jobnet_stuck.external_task_id AND t.RETRIES_ = 0)");
  }

  /**
   * Fails a job waiting for a server that no agent has ever served: taken under the watchdog's worker
   * id and completed FAILED with the reason. False when an agent took it first.
   */
  public boolean failUnserved(String taskId, String server) {
    return AsEngine.call(identity, () -> transaction.execute(status -> {
      ExternalTask task = tasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
      if (task == null || task.getWorkerId() != null) {
        return false;
      }
      String reason = "no agent has ever served server '" + server + "': start an agent with " + server
          + " in JOBNET_AGENT_SERVERS, or correct the job's server, then start the jobnet again";
      tasks.lock(taskId, WATCHDOG_WORKER, Duration.ofMinutes(1).toMillis());
      JobState failed = JobState.PENDING.becomes(JobState.FAILED, job(task));
      tasks.complete(taskId, WATCHDOG_WORKER, null,
          Map.of(ProcessVariables.RESULT, failed.name(), ProcessVariables.RESULT_REASON, reason));
      return true;
    }));
  }
}
