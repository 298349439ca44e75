package dev.jobnet.engine.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, as a node is reached, whether it runs or is SKIPPED: skipped when its jobnet or one that
 * encloses it was stopped, or when a job leading to it ended FAILED, STOPPED or SKIPPED.
 */
final class Gate {

  private Gate() {}

  /** The ids whose states the decision needs. */
  static List<String> idsToRead(NodeSpec spec) {
    List<String> ids = new ArrayList<>(spec.upstream());
    ids.addAll(spec.enclosingScopes());
    ids.add(JobnetVariables.PROCESS_ELEMENT);
    return ids;
  }

  /** Why the node is skipped, or empty when it runs. */
  static Optional<String> skipReason(NodeSpec spec, Map<String, JobState> states) {
    if (states.get(JobnetVariables.PROCESS_ELEMENT) == JobState.STOPPED) {
      return Optional.of("the root jobnet was stopped");
    }
    for (String scope : spec.enclosingScopes()) {
      if (states.get(scope) == JobState.STOPPED) {
        return Optional.of("jobnet " + scope + " was stopped");
      }
    }
    List<String> causes = new ArrayList<>();
    for (String up : spec.upstream()) {
      JobState s = states.get(up);
      if (s != null && s.skipsDownstream()) {
        causes.add(up + " " + s);
      }
    }
    return causes.isEmpty() ? Optional.empty() : Optional.of("upstream " + String.join(", ", causes));
  }
}
