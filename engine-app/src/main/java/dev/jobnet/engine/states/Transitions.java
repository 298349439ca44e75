package dev.jobnet.engine.states;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A closed set of states with an explicit transition table: each state lists the states it may
 * become, one line per source state. Recording the state a thing already has is no change and always
 * allowed. A table that leaves out a state does not build, so a new state needs its line (and a test).
 *
 * <pre>{@code
 * Transitions.of(AgentState.class)
 *     .from(ONLINE).to(OFFLINE)
 *     .from(OFFLINE).to(ONLINE)
 *     .build();
 * }</pre>
 */
public final class Transitions<S extends Enum<S>> {

  private final Class<S> type;
  private final Map<S, Set<S>> allowed;

  private Transitions(Class<S> type, Map<S, Set<S>> allowed) {
    this.type = type;
    this.allowed = allowed;
  }

  public static <S extends Enum<S>> Builder<S> of(Class<S> type) {
    return new Builder<>(type);
  }

  /** The states {@code from} may become, other than itself. */
  public Set<S> targets(S from) {
    return Collections.unmodifiableSet(allowed.get(from));
  }

  /** True when {@code from} may become {@code to}: the same state, or one of its targets. */
  public boolean allows(S from, S to) {
    return from == to || allowed.get(from).contains(to);
  }

  /**
   * Returns {@code to} when {@code from} may become it.
   *
   * @param node what changes state, for the message: "job load of run 42", "agent batch-1"
   * @throws IllegalStateChangeException when the table does not allow the change
   */
  public S change(String node, S from, S to) {
    if (!allows(from, to)) {
      throw new IllegalStateChangeException(node, from, to);
    }
    return to;
  }

  /** Builds a table line by line. */
  public static final class Builder<S extends Enum<S>> {

    private final Class<S> type;
    private final Map<S, Set<S>> allowed;

    private Builder(Class<S> type) {
      this.type = type;
      this.allowed = new EnumMap<>(type);
    }

    /** Starts the line of {@code source}; {@link Line#to} ends it. */
    public Line<S> from(S source) {
      if (allowed.containsKey(source)) {
        throw new IllegalArgumentException(type.getSimpleName() + " " + source + " has two lines");
      }
      return new Line<>(this, source);
    }

    /** The table; fails when a state of the set has no line. */
    public Transitions<S> build() {
      Set<S> missing = EnumSet.allOf(type);
      missing.removeAll(allowed.keySet());
      if (!missing.isEmpty()) {
        throw new IllegalStateException("the transition table of " + type.getSimpleName() + " has no line for "
            + missing);
      }
      return new Transitions<>(type, new EnumMap<>(allowed));
    }
  }

  /** One line of the table: a source state and the states it may become. */
  public static final class Line<S extends Enum<S>> {

    private final Builder<S> builder;
    private final S source;

    private Line(Builder<S> builder, S source) {
      this.builder = builder;
      this.source = source;
    }

    /** The states the source may become (none: it never changes). */
    @SafeVarargs
    public final Builder<S> to(S... targets) {
      Set<S> set = EnumSet.noneOf(builder.type);
      set.addAll(Arrays.asList(targets));
      builder.allowed.put(source, set);
      return builder;
    }
  }

  @Override
  public String toString() {
    return type.getSimpleName() + " transitions " + allowed;
  }
}
