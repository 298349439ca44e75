package dev.jobnet.converter.model;

import java.util.Optional;

/**
 * A deployable jobnet: becomes one executable BPMN process whose id is {@link #id}.
 *
 * @param defaults the file's {@code defaults}, which this root inherits
 * @param schedule when it starts on its own, if it does
 */
public record RootJobnet(
    String id, String name, Location location, JobnetBody body, Settings defaults, Optional<ScheduleSpec> schedule) {

  /** The same root with its schedule replaced (its calendar resolved). */
  public RootJobnet withSchedule(ScheduleSpec resolved) {
    return new RootJobnet(id, name, location, body, defaults, Optional.of(resolved));
  }

  public String displayName() {
    return name != null ? name : id;
  }

  /** The settings the root's jobs inherit: the root's own, then the file defaults, then built-ins. */
  public Settings effectiveSettings() {
    return body.settings().inheritFrom(defaults).inheritFrom(Settings.BUILT_IN);
  }
}
