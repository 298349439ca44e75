package dev.jobnet.converter;

import dev.jobnet.converter.model.Location;
import java.util.Comparator;

/** One mistake in a jobnet definition, located and worded so that a person can fix it. */
public record Finding(FindingCode code, Location location, String message) {

  public static final Comparator<Finding> BY_LOCATION =
      Comparator.comparing((Finding f) -> f.location().file())
          .thenComparingInt(f -> f.location().line())
          .thenComparingInt(f -> f.location().column())
          .thenComparing(f -> f.code().code());

  /** {@code file:line:column: CODE message}, the form editors and CI logs link. */
  public String format() {
    return location + ": " + code.code() + " " + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
