package dev.jobnet.engine.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The outcome of a jobnet from the states of its direct children. */
final class Outcomes {

  /** SUCCEEDED or FAILED, and the children that made it fail. */
  record Outcome(JobState state, String reason) {}

  private Outcomes() {}

  static Outcome of(List<String> children, Map<String, JobState> states) {
    List<String> failed = new ArrayList<>();
    for (String child : children) {
      JobState s = states.get(child);
      if (s != null && s.failsJobnet()) {
        failed.add(child + " " + s);
      }
    }
    return failed.isEmpty() ? new Outcome(JobState.SUCCEEDED, null)
        : new Outcome(JobState.FAILED, String.join(", ", failed));
  }
}
