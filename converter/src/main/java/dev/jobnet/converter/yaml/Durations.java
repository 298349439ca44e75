package dev.jobnet.converter.yaml;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads durations as people write them in jobnets: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 1d}, combined as {@code 1h30m}, or ISO-8601 such as {@code PT2H}.
 */
public final class Durations {

  private Durations() {}

  /** At most this many characters: no jobnet needs a longer duration, and no input makes parsing slow. */
  public static final int MAX_LENGTH = 64;

  public static Optional<Duration> parse(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(t));
      } catch (DateTimeParseException | ArithmeticException e) {
        return Optional.empty();
      }
    }
    // A sequence of <digits><unit> parts, read left to right without regular expressions.
    Duration total = Duration.ZERO;
    int i = 0;
    try {
      while (i < t.length()) {
        int digits = i;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
          i++;
        }
        if (i == digits || i - digits > 9) {
          return Optional.empty();
        }
        long n = Long.parseLong(t.substring(digits, i));
        Duration part;
        if (t.startsWith("ms", i)) {
          part = Duration.ofMillis(n);
          i += 2;
        } else if (i < t.length() && "smhd".indexOf(t.charAt(i)) >= 0) {
          part = switch (t.charAt(i)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
          i++;
        } else {
          return Optional.empty();
        }
        total = total.plus(part);
      }
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  /** The short form this class reads back, e.g. {@code 1h30m}; ISO-8601 is for the BPMN. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long days = d.toDays();
    if (days > 0) sb.append(days).append('d');
    if (d.toHoursPart() > 0) sb.append(d.toHoursPart()).append('h');
    if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
    if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
    if (d.toMillisPart() > 0) sb.append(d.toMillisPart()).append("ms");
    return sb.toString();
  }
}
