package dev.jobnet.engine.api;

import java.time.Duration;

/** Durations in an operator's words, for messages: "1 minute", "90 seconds", "2 hours 30 minutes". */
public final class Words {

  private Words() {}

  /** A duration as people say it: whole days, hours, minutes and seconds, the larger units first. */
  public static String duration(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return d.isZero() ? "0 seconds" : "-" + duration(d.negated());
    }
    long seconds = d.getSeconds();
    StringBuilder text = new StringBuilder();
    seconds = part(text, seconds, 86_400, "day");
    seconds = part(text, seconds, 3_600, "hour");
    seconds = part(text, seconds, 60, "minute");
    part(text, seconds, 1, "second");
    if (text.length() == 0) {
      return d.toMillis() + " ms";
    }
    return text.toString();
  }

  private static long part(StringBuilder text, long seconds, long unit, String name) {
    long n = seconds / unit;
    if (n > 0) {
      text.append(text.length() == 0 ? "" : " ").append(n).append(' ').append(name).append(n == 1 ? "" : "s");
    }
    return seconds % unit;
  }
}
