package dev.jobnet.converter.schedule;

import java.util.Arrays;
import java.util.Optional;

/** What a tick does while the jobnet's previous scheduled run still runs ({@code overlap}). */
public enum Overlap {
  /** No run for this tick; an event says so (the default). */
  SKIP("skip"),
  /** The run starts when the previous one ends. */
  QUEUE("queue"),
  /** The run starts at once, beside the previous one. */
  ALLOW("allow");

  /** What the scheduler does with a tick. */
  public enum Decision { START, SKIP, QUEUE }

  private final String yaml;

  Overlap(String yaml) {
    this.yaml = yaml;
  }

  /** The word the YAML uses. */
  public String yaml() {
    return yaml;
  }

  /** The rule the YAML word names. */
  public static Optional<Overlap> of(String word) {
    return Arrays.stream(values()).filter(v -> v.yaml.equals(word)).findFirst();
  }

  /** What a tick does, the previous run still running or not. */
  public Decision decide(boolean previousRunning) {
    if (!previousRunning || this == ALLOW) {
      return Decision.START;
    }
    return this == QUEUE ? Decision.QUEUE : Decision.SKIP;
  }
}
