package dev.jobnet.protocol;

/**
 * How the engine's retries of a job's external task count its attempts: the one formula the engine
 * app and the agents share ({@code docs/agent-protocol.md}, protocol {@value Protocol#VERSION}).
 *
 * <p>{@code P} is the policy's retries ({@code jobnet.retries}: runs after the first), {@code R} the
 * engine's task retries: the runs left, the next one included, or {@code null} before the first
 * failure (all {@code P + 1} runs left). A job thus always has {@code R >= 1} while it may still run:
 * Camunda makes a task with 0 retries an incident, which is what STUCK means here and nothing else.
 *
 * <pre>
 *   attempt            = max(1, P + 2 - R) + O        O: the runs an operator's RETRY added beyond the policy
 *   retries after it   = max(0, min(R - 1, P + 1 - attempt))
 *   failed, retries r  > 0: handleFailure with R = r  (the next attempt is attempt + 1)
 *   failed, retries 0     : the job is FAILED         (complete with jobnetResult FAILED, never R = 0)
 * </pre>
 *
 * Example, {@code P = 2}: attempt 1 ({@code R = null}) fails, R = 2; attempt 2 fails, R = 1; attempt
 * 3 fails: FAILED after exactly 3 runs.
 */
public final class RetryCount {

  private RetryCount() {}

  /** The runs left, the next included: {@code R}, or {@code P + 1} before the first failure. */
  public static int runsLeft(int policyRetries, Integer engineRetries) {
    return engineRetries == null ? firstEngineRetries(policyRetries) : engineRetries;
  }

  /** {@code R} before the first attempt, when it must be written (the engine's own value is null). */
  public static int firstEngineRetries(int policyRetries) {
    return Math.max(0, policyRetries) + 1;
  }

  /** The attempt an agent fetching the task now runs: 1 for the first run, 2 for the first retry, ... */
  public static int attempt(int policyRetries, Integer engineRetries, int offset) {
    return Math.max(1, Math.max(0, policyRetries) + 2 - runsLeft(policyRetries, engineRetries)) + Math.max(0, offset);
  }

  /**
   * The retries left once {@code attempt} has failed: what the engine still grants, but never more
   * than the policy has after the attempts made, so a run an operator added (RETRY) or gave back (a
   * withdrawn STUCK state) does not grant retries the policy does not have.
   */
  public static int retriesAfter(int policyRetries, Integer engineRetries, int attempt) {
    return Math.max(0, Math.min(runsLeft(policyRetries, engineRetries) - 1, Math.max(0, policyRetries) + 1 - attempt));
  }

  /**
   * The engine retries to report with {@code handleFailure} for a failed attempt that has
   * {@code retriesLeft} retries left: the runs left, so at least 1 (never an incident).
   */
  public static int engineRetriesAfterFailure(int retriesLeft) {
    if (retriesLeft < 1) {
      throw new IllegalArgumentException("a failure with " + retriesLeft + " retries left is final: the job is FAILED,"
          + " not retried");
    }
    return retriesLeft;
  }

  /**
   * Whether a failure report of an attempt that had {@code retriesLeft} retries left has reached the
   * engine already (its answer may have been lost): the engine's retries {@code now} went down to it.
   * Never when they are 0: a failure report never writes 0 ({@link #engineRetriesAfterFailure}); 0 is
   * the job made STUCK (the watchdog, the re-delivery guard) while the agent could not be heard, and
   * the agent's report of the real outcome must still reach the engine.
   */
  public static boolean failureReached(Integer now, int retriesLeft) {
    return now != null && now >= 1 && now <= retriesLeft;
  }

  /**
   * How an operator's RETRY of a STUCK job makes {@code nextAttempt} the next run: the engine retries
   * to set (the runs the policy still has from it, at least 1) and the offset that makes the count
   * land on {@code nextAttempt}.
   */
  public static Resume resumeAt(int policyRetries, int nextAttempt) {
    int p = Math.max(0, policyRetries);
    int engineRetries = Math.max(1, p + 2 - nextAttempt);
    int offset = nextAttempt - attempt(p, engineRetries, 0);
    return new Resume(engineRetries, Math.max(0, offset));
  }

  /** What to set on the task so that the next run is a given attempt. */
  public record Resume(int engineRetries, int offset) {}
}
