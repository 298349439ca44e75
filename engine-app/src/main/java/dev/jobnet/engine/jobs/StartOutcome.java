package dev.jobnet.engine.jobs;

import java.time.Instant;

/** What became of a start marker an agent posted. */
public sealed interface StartOutcome {

  /** The marker is on the job (now, or already from the same worker and attempt): start the command. */
  record Started(StartMarker marker, boolean repeated) implements StartOutcome {}

  /** The task is not locked by the worker that posted: do not start. */
  record NotLockedByYou(String lockedBy, Instant lockExpiresAt) implements StartOutcome {}

  /**
   * The job carries a marker of the same or a later attempt: do not start. {@code madeStuck}: it
   * was another agent's, and the re-delivery guard made the job STUCK and gave it back to that agent.
   */
  record AlreadyStarted(StartMarker marker, boolean madeStuck, String incidentMessage) implements StartOutcome {}
}
