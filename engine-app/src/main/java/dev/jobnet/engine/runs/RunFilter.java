package dev.jobnet.engine.runs;

import java.util.Locale;

/**
 * Which root runs to list: by state, jobnet (definition key) and business key (exact), a page of them.
 * Null fields do not filter.
 */
record RunFilter(Progress progress, String jobnet, String businessKey, int first, int max) {

  static final int DEFAULT_MAX = 50;
  static final int MAX_PAGE = 500;

  /**
   * Whether a run still runs; or whether it needs an operator (ATTENTION): it ended FAILED or STOPPED
   * in the last day and was not rerun, or it runs with a job STUCK, FAILED or held.
   */
  enum Progress {
    RUNNING,
    FINISHED,
    ATTENTION;

    static Progress parse(String text) {
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw RunsApiException.badRequest("state must be 'attention', 'running' or 'finished', not '" + text + "'");
      }
    }
  }

  static RunFilter of(String state, String jobnet, String businessKey, Integer first, Integer max) {
    int f = first == null ? 0 : first;
    int m = max == null ? DEFAULT_MAX : max;
    if (f < 0) {
      throw RunsApiException.badRequest("first must be 0 or more, not " + f);
    }
    if (m < 1 || m > MAX_PAGE) {
      throw RunsApiException.badRequest("max must be between 1 and " + MAX_PAGE + ", not " + m);
    }
    return new RunFilter(Progress.parse(state), blankToNull(jobnet), blankToNull(businessKey), f, m);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
