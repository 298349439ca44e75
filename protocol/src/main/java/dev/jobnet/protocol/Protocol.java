package dev.jobnet.protocol;

/**
 * The version of the agent protocol ({@code docs/agent-protocol.md}). Agents send it in the header
 * {@value #HEADER} of every request; the engine app refuses a request that carries another version,
 * and the requests whose meaning changed between versions (the start marker, a failure report)
 * when they carry none; an agent refuses to work for an engine app that does not speak its version.
 *
 * <ul>
 *   <li>1: the engine's task retries were the retries left before an attempt (the last attempt had
 *       0, which Camunda turns into an incident: a job whose retries ran out was left STUCK).
 *   <li>2: the engine's task retries are the runs left, the next one included ({@link RetryCount}).
 * </ul>
 */
public final class Protocol {

  /** The version this build speaks. */
  public static final int VERSION = 2;

  /** The request (and answer) header that carries the version. */
  public static final String HEADER = "Jobnet-Protocol";

  /** The stable reason of a refusal for a version mismatch. */
  public static final String MISMATCH = "PROTOCOL_MISMATCH";

  private Protocol() {}

  /** Why a request of version {@code spoken} (null: none said) is refused by a party speaking {@link #VERSION}. */
  public static String mismatch(Integer spoken) {
    return (spoken == null ? "the request carries no " + HEADER + " header: it comes from a worker agent older than"
        + " this engine app" : "the request speaks agent protocol " + spoken + ", this engine app speaks " + VERSION)
        + " (the two count a job's retries differently, docs/agent-protocol.md). Run agents and engine apps of the"
        + " same version: upgrade " + (spoken != null && spoken > VERSION ? "the engine app" : "the agent") + ".";
  }
}
