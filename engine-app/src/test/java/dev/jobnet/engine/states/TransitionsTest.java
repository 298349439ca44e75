package dev.jobnet.engine.states;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransitionsTest {

  enum Light { RED, GREEN, AMBER }

  @Test
  void aTableWithoutALineForEveryStateDoesNotBuild() {
    // given: a table that forgets AMBER
    var builder = Transitions.of(Light.class).from(Light.RED).to(Light.GREEN).from(Light.GREEN).to(Light.AMBER);
    // when / then
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("[AMBER]");
  }

  @Test
  void aStateHasOneLine() {
    // given
    var builder = Transitions.of(Light.class).from(Light.RED).to(Light.GREEN);
    // when / then
    assertThatThrownBy(() -> builder.from(Light.RED)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RED");
  }

  @Test
  void theSameStateAgainIsNoChangeAndAllowed() {
    // given: a state that may become nothing
    Transitions<Light> table = Transitions.of(Light.class).from(Light.RED).to(Light.GREEN).from(Light.GREEN)
        .to(Light.AMBER).from(Light.AMBER).to().build();
    // when / then
    assertThat(table.change("light 1", Light.AMBER, Light.AMBER)).isEqualTo(Light.AMBER);
    assertThat(table.targets(Light.AMBER)).isEmpty();
    assertThatThrownBy(() -> table.change("light 1", Light.AMBER, Light.RED))
        .isInstanceOf(IllegalStateChangeException.class)
        .hasMessage("illegal state change of light 1: AMBER -> RED (Light allows no such change)");
  }
}
