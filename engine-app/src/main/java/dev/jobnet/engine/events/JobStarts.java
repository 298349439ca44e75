package dev.jobnet.engine.events;

import java.time.Instant;
import java.util.Optional;

/**
 * Which agent started which attempt of a job: what the events of a job name (its actor, its attempt).
 * The jobs feature answers from its start markers ({@code jobs.StartMarkerStore}); the event log knows
 * nothing else of them, so that {@code jobs}, which records events, does not import back.
 */
public interface JobStarts {

  /** An attempt of a job that an agent started on external task {@code taskId}, and when (its start marker). */
  record Start(String taskId, String agent, int attempt, Instant startedAt) {}

  /** The start of the attempt now on an external task, if an agent started it. */
  Optional<Start> ofTask(String externalTaskId);

  /**
   * The start of the attempt on the task job {@code activityId} waits in on execution {@code
   * executionId}: inside the command that completes the task too.
   */
  Optional<Start> ofJob(String executionId, String activityId);
}
