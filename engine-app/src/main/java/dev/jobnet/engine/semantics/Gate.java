package dev.jobnet.engine.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides, as a node is reached (and again when an operator releases or skips it), whether it runs,
 * waits or is SKIPPED:
 *
 * <ol>
 *   <li>an operator already decided its outcome (skipped or stopped it before it started): it leaves;
 *   <li>its jobnet, one that encloses it, or its run was stopped: SKIPPED;
 *   <li>a job leading to it ended FAILED, STOPPED or SKIPPED: SKIPPED;
 *   <li>it, a jobnet that encloses it, or its run is held: it waits until released;
 *   <li>else it runs.
 * </ol>
 */
final class Gate {

  /** What the node does. */
  enum Verdict { RUN, WAIT, SKIP, LEAVE }

  /** The verdict and why (null when it runs). */
  record Decision(Verdict verdict, String reason) {

    static final Decision RUN = new Decision(Verdict.RUN, null);
  }

  private Gate() {}

  /** The ids whose states the decision needs: its own, its upstream's, its scopes' and its run's. */
  static List<String> idsToRead(NodeSpec spec) {
    List<String> ids = new ArrayList<>(spec.upstream());
    ids.addAll(spec.enclosingScopes());
    ids.add(JobnetVariables.PROCESS_ELEMENT);
    ids.add(spec.elementId());
    return ids;
  }

  static Decision decide(NodeSpec spec, Map<String, JobState> states) {
    JobState own = states.get(spec.elementId());
    if (own != null && own.isFinal()) {
      return new Decision(Verdict.LEAVE, null);
    }
    if (states.get(JobnetVariables.PROCESS_ELEMENT) == JobState.STOPPED) {
      return new Decision(Verdict.SKIP, "the root jobnet was stopped");
    }
    for (String scope : spec.enclosingScopes()) {
      if (states.get(scope) == JobState.STOPPED) {
        return new Decision(Verdict.SKIP, "jobnet " + scope + " was stopped");
      }
    }
    List<String> causes = new ArrayList<>();
    for (String up : spec.upstream()) {
      JobState s = states.get(up);
      if (s != null && s.skipsDownstream()) {
        causes.add(up + " " + s);
      }
    }
    if (!causes.isEmpty()) {
      return new Decision(Verdict.SKIP, "upstream " + String.join(", ", causes));
    }
    if (own == JobState.ON_HOLD) {
      return new Decision(Verdict.WAIT, "held");
    }
    for (String scope : spec.enclosingScopes()) {
      if (states.get(scope) == JobState.ON_HOLD) {
        return new Decision(Verdict.WAIT, "jobnet " + scope + " is held");
      }
    }
    if (states.get(JobnetVariables.PROCESS_ELEMENT) == JobState.ON_HOLD) {
      return new Decision(Verdict.WAIT, "its run is held");
    }
    return Decision.RUN;
  }
}
