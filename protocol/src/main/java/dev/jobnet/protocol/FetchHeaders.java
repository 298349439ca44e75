package dev.jobnet.protocol;

/**
 * The headers with which an agent names its fetches ({@code docs/agent-protocol.md}, "Start markers
 * written by the fetch"). An agent that sends them gets the start marker of each job written in the
 * fetch's own transaction, and the job carries the variable {@link ProcessVariables#START_MARKED}:
 * no start marker request per job. An engine app that does not know them ignores them, and the
 * agent then places each marker with its own request, as before.
 */
public final class FetchHeaders {

  /** The fetch's name: unique for the agent's life ({@code <incarnation>-<sequence>}). */
  public static final String FETCH = "Jobnet-Fetch";

  /** The fetching worker id, URL-encoded (UTF-8): the engine files the fetch's name under it. */
  public static final String WORKER = "Jobnet-Fetch-Worker";

  /**
   * The names of this worker's earlier fetches whose answers it never received (a timeout, a broken
   * connection), separated by commas: the engine knows that no job of theirs was started.
   */
  public static final String LOST = "Jobnet-Fetch-Lost";

  /** The most lost fetches one request names; older ones are left out. */
  public static final int MAX_LOST = 32;

  /** The longest fetch name the engine takes. */
  public static final int MAX_NAME = 64;

  private FetchHeaders() {}

  /** Whether {@code name} can be a fetch's name: 1 to {@link #MAX_NAME} letters, digits, '-', '_' or '.'. */
  public static boolean isName(String name) {
    return name != null && !name.isEmpty() && name.length() <= MAX_NAME && name.chars()
        .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'));
  }
}
