package dev.jobnet.converter.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the ticks that passed while no engine node was up become ({@code missed}). */
public enum Missed {
  /** None runs; each is recorded as skipped. */
  NONE("none"),
  /** The latest runs, late; the others are recorded as skipped (the default). */
  ONE("one"),
  /** Each runs, late, oldest first. */
  ALL("all");

  private final String yaml;

  Missed(String yaml) {
    this.yaml = yaml;
  }

  /** The word the YAML uses. */
  public String yaml() {
    return yaml;
  }

  /** The rule the YAML word names. */
  public static Optional<Missed> of(String word) {
    return Arrays.stream(values()).filter(v -> v.yaml.equals(word)).findFirst();
  }

  /** Of the ticks missed (oldest first), those that run late. */
  public List<Tick> toRun(List<Tick> missed) {
    return switch (this) {
      case NONE -> List.of();
      case ONE -> missed.isEmpty() ? List.of() : List.of(missed.get(missed.size() - 1));
      case ALL -> List.copyOf(missed);
    };
  }
}
