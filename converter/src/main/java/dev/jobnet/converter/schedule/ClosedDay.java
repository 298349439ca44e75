package dev.jobnet.converter.schedule;

import java.util.Arrays;
import java.util.Optional;

/** What a tick that falls on a day its calendar closes does ({@code onClosedDay}). */
public enum ClosedDay {
  /** No run that day (the default). */
  SKIP("skip"),
  /** The run moves to the next open day, at the same time of day. */
  NEXT_OPEN_DAY("next-open-day"),
  /** The run moves to the open day before, at the same time of day. */
  PREVIOUS_OPEN_DAY("previous-open-day");

  private final String yaml;

  ClosedDay(String yaml) {
    this.yaml = yaml;
  }

  /** The word the YAML uses. */
  public String yaml() {
    return yaml;
  }

  /** The rule the YAML word names. */
  public static Optional<ClosedDay> of(String word) {
    return Arrays.stream(values()).filter(v -> v.yaml.equals(word)).findFirst();
  }
}
