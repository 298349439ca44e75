package dev.jobnet.converter.yaml;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them in jobnets: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 1d}, combined as {@code 1h30m}, or ISO-8601 such as {@code PT2H}.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");

  private Durations() {}

  public static Optional<Duration> parse(String text) {
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(t));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (!WHOLE.matcher(t).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
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
