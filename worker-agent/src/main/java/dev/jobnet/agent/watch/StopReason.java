package dev.jobnet.agent.watch;

/** Why the agent stops a job's process group, which decides what it reports afterwards. */
public enum StopReason {
  /** The engine no longer wants the job (stopped, resolved, taken over): report nothing. */
  LOST,
  /** The job ran past its {@code timeout:}: FAILED, not retried. */
  TIMED_OUT,
  /** The agent shuts down: a failed attempt, so the retry policy runs it again elsewhere. */
  SHUTDOWN
}
