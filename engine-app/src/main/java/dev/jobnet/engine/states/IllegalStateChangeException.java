package dev.jobnet.engine.states;

/**
 * A state change that the transition table of its states does not allow: names the node (a job of a
 * run, a run, an agent) and both states, so an operator can tell what was refused.
 */
public class IllegalStateChangeException extends IllegalStateException {

  private final String node;
  private final Enum<?> from;
  private final Enum<?> to;

  public IllegalStateChangeException(String node, Enum<?> from, Enum<?> to) {
    super("illegal state change of " + node + ": " + from + " -> " + to + " (" + from.getDeclaringClass().getSimpleName()
        + " allows no such change)");
    this.node = node;
    this.from = from;
    this.to = to;
  }

  /** What changed state: a job of a run, a run, an agent. */
  public String node() {
    return node;
  }

  public Enum<?> from() {
    return from;
  }

  public Enum<?> to() {
    return to;
  }
}
