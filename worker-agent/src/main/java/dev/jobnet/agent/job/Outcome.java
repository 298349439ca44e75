package dev.jobnet.agent.job;

/**
 * How an attempt of a job ended, and what the agent reports: success; a failure the retry policy
 * applies to; or a failure that no retry can fix (the job fails at once).
 *
 * @param reason in an operator's words: "exit status 3", "killed by signal 9 (SIGKILL)", ...
 */
public record Outcome(Kind kind, Integer exitStatus, String reason) {

  /**
   * SUCCEEDED; RETRYABLE (the retry policy applies); FINAL (fails at once); STUCK (the outcome is
   * unknown, a person decides: reported as an incident).
   */
  public enum Kind { SUCCEEDED, RETRYABLE, FINAL, STUCK }

  private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
      "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

  public static Outcome succeeded() {
    return new Outcome(Kind.SUCCEEDED, 0, null);
  }

  /**
   * From an exit status as the system reports it: 0 succeeds; 128+n is death by signal n (as shells
   * report it); anything else is a failure the retry policy applies to.
   */
  public static Outcome ofExitStatus(int status) {
    if (status == 0) {
      return succeeded();
    }
    if (status > 128 && status < 128 + 65) {
      int signal = status - 128;
      String name = signal < SIGNALS.length ? " (" + SIGNALS[signal] + ")" : "";
      return new Outcome(Kind.RETRYABLE, status, "killed by signal " + signal + name);
    }
    return new Outcome(Kind.RETRYABLE, status, "exit status " + status);
  }

  public static Outcome timedOut(String limit) {
    return new Outcome(Kind.FINAL, null, "timed out after " + limit + "; stopped (a timeout is not retried)");
  }

  /** The process is gone and nobody knows how it ended: an operator decides. */
  public static Outcome lost(String reason) {
    return new Outcome(Kind.STUCK, null, reason);
  }

  /** A command that cannot run: missing, not executable, no working directory. Not retried. */
  public static Outcome cannotRun(String reason) {
    return new Outcome(Kind.FINAL, null, reason + " (not retried: running it again cannot help)");
  }
}
