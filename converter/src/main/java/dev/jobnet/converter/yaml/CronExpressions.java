package dev.jobnet.converter.yaml;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a cron expression as Camunda 7.24 timer cycles read it (cron-utils with Spring 5.3 syntax):
 * six fields, seconds, minutes, hours, day of month, month and day of week, no year; one of day of
 * month and day of week must be {@code ?}. Days of the week are written by name: Camunda counts
 * {@code 1} as Monday and {@code 0}/{@code 7} as Sunday where Quartz counts {@code 1} as Sunday, so a
 * number would silently run on another day than a Quartz user means. Gives the reason when it is not
 * valid.
 */
public final class CronExpressions {

  private record Field(String name, int min, int max, List<String> names, Pattern special) {}

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private static final List<Field> FIELDS = List.of(
      new Field("seconds", 0, 59, List.of(), null),
      new Field("minutes", 0, 59, List.of(), null),
      new Field("hours", 0, 23, List.of(), null),
      new Field("day of month", 1, 31, List.of(), Pattern.compile("\\?|L(-\\d{1,2})?|LW|\\d{1,2}W")),
      new Field("month", 1, 12, MONTHS, null),
      new Field("day of week", 1, 7, DAYS, Pattern.compile("\\?|[1-7A-Za-z]{1,3}L|L|[1-7A-Za-z]{1,3}#[1-5]")));

  private CronExpressions() {}

  /** Empty when valid, else what is wrong. */
  public static Optional<String> problem(String expression) {
    String[] parts = expression.trim().split("\\s+");
    if (parts.length != 6) {
      return Optional.of("a cron expression has 6 fields (seconds minutes hours day-of-month month"
          + " day-of-week; the engine takes no year field), this one has " + parts.length
          + "; for 2 a.m. daily write \"0 0 2 * * ?\"");
    }
    String dayOfWeek = parts[5].replaceAll("#[1-5]", "");
    if (dayOfWeek.equals("L") || dayOfWeek.contains("/") || dayOfWeek.chars().anyMatch(Character::isDigit)) {
      return Optional.of("day of week '" + parts[5] + "': write day names (MON-FRI, SUN, FRI#3 for the third"
          + " Friday, FRIL for the last); the engine counts 1 as Monday and 0 or 7 as Sunday, Quartz counts 1 as"
          + " Sunday, so numbers, steps and a bare 'L' would run on another day than meant");
    }
    for (int i = 0; i < parts.length; i++) {
      Optional<String> p = checkField(FIELDS.get(i), parts[i]);
      if (p.isPresent()) {
        return p;
      }
    }
    boolean domAny = parts[3].equals("?");
    boolean dowAny = parts[5].equals("?");
    if (domAny == dowAny) {
      return Optional.of("exactly one of day-of-month and day-of-week must be '?' (e.g. \"0 0 2 * * ?\" or"
          + " \"0 0 2 ? * MON-FRI\")");
    }
    return Optional.empty();
  }

  private static Optional<String> checkField(Field f, String text) {
    if (f.special() != null && f.special().matcher(text).matches()) {
      if (text.contains("#") || text.endsWith("L") && text.length() > 1 && f.names() == DAYS) {
        String day = text.substring(0, text.indexOf(text.contains("#") ? '#' : 'L'));
        return value(f, day).isPresent() ? Optional.empty() : bad(f, text);
      }
      return Optional.empty();
    }
    for (String item : text.split(",", -1)) {
      String range = item;
      if (item.contains("/")) {
        String[] rs = item.split("/", -1);
        if (rs.length != 2 || !rs[1].matches("\\d{1,4}") || Integer.parseInt(rs[1]) == 0) {
          return bad(f, text);
        }
        range = rs[0];
      }
      if (range.equals("*")) {
        continue;
      }
      String[] ends = range.split("-", -1);
      if (ends.length > 2) {
        return bad(f, text);
      }
      for (String end : ends) {
        if (value(f, end).isEmpty()) {
          return bad(f, text);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> value(Field f, String text) {
    if (text.matches("\\d{1,4}")) {
      int v = Integer.parseInt(text);
      return v >= f.min() && v <= f.max() ? Optional.of(v) : Optional.empty();
    }
    int i = f.names().indexOf(text.toUpperCase());
    return i < 0 ? Optional.empty() : Optional.of(i + f.min());
  }

  private static Optional<String> bad(Field f, String text) {
    return Optional.of("'" + text + "' is not a valid " + f.name() + " field (" + f.min() + "-" + f.max()
        + (f.names().isEmpty() ? "" : " or " + f.names().get(0) + "-" + f.names().get(f.names().size() - 1))
        + ", with * , - /)");
  }
}
