package dev.jobnet.engine.states;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Checks one line of a transition table: the targets it lists, that each of them and the state itself
 * are accepted, and that every other state is refused with an {@link IllegalStateChangeException} naming
 * the node and both states.
 */
public final class TransitionAssertions {

  private TransitionAssertions() {}

  /**
   * @param targets the table's targets of a state
   * @param change the change through the table ({@code (to, node) -> from.becomes(to, node)})
   * @param node the node as the change is given it
   * @param named the node as the message names it
   */
  @SafeVarargs
  public static <S extends Enum<S>> void assertLine(S from, Function<S, Set<S>> targets,
      BiFunction<S, String, S> change, String node, String named, S... allowed) {
    Set<S> expected = EnumSet.noneOf(from.getDeclaringClass());
    expected.addAll(Arrays.asList(allowed));
    assertThat(targets.apply(from)).as("the states %s may become", from).isEqualTo(expected);
    for (S to : from.getDeclaringClass().getEnumConstants()) {
      if (to == from || expected.contains(to)) {
        assertThat(change.apply(to, node)).as("%s -> %s", from, to).isEqualTo(to);
      } else {
        assertThatThrownBy(() -> change.apply(to, node)).as("%s -> %s", from, to)
            .isInstanceOfSatisfying(IllegalStateChangeException.class, e -> {
              assertThat(e.node()).isEqualTo(named);
              assertThat(e.from()).isEqualTo(from);
              assertThat(e.to()).isEqualTo(to);
            })
            .hasMessageContaining(named).hasMessageContaining(from + " -> " + to);
      }
    }
  }

  /** Each state of {@code type} has its test in {@code testClass}: a test method {@code from<State>}. */
  public static void assertEveryStateTested(Class<? extends Enum<?>> type, Class<?> testClass) {
    Set<String> tested = new java.util.TreeSet<>();
    for (Method m : testClass.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Test.class) && m.getName().startsWith("from")) {
        tested.add(m.getName().substring("from".length()).toUpperCase(java.util.Locale.ROOT));
      }
    }
    Set<String> states = new java.util.TreeSet<>();
    for (Enum<?> s : type.getEnumConstants()) {
      states.add(s.name().replace("_", ""));
    }
    assertThat(tested).as("the states with a test of their line in %s", testClass.getSimpleName())
        .isEqualTo(states);
  }
}
