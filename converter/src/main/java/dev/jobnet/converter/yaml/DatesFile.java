package dev.jobnet.converter.yaml;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.Findings;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.model.Location;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A file of dates ({@code *.dates}) of a set, named by a calendar's {@code holidays:}: one date per line
 * ({@code 2027-01-01}), optionally followed by words (the holiday's name), {@code #} comments and blank
 * lines. Each line that is not a date is a located finding.
 *
 * @param name the file's name as calendars name it: its last path segment
 * @param dates its dates
 */
public record DatesFile(String name, SortedSet<LocalDate> dates) {

  /** The suffix of a file of dates. */
  public static final String SUFFIX = ".dates";

  public DatesFile {
    dates = Collections.unmodifiableSortedSet(new TreeSet<>(dates));
  }

  public static boolean isDatesFile(String fileName) {
    return fileName.endsWith(SUFFIX);
  }

  /** The last segment of a file name, with either separator: what a calendar names the file by. */
  public static String shortName(String fileName) {
    String slashed = fileName.replace('\\', '/');
    return slashed.substring(slashed.lastIndexOf('/') + 1);
  }

  /** Reads a file of dates; a line that is no date is reported, the others are kept. */
  public static DatesFile read(SourceFile source, Findings findings) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    String[] lines = source.text().split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String content = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (content.isEmpty()) {
        continue;
      }
      String first = content.split("\\s+", 2)[0];
      int column = line.indexOf(first) + 1;
      try {
        dates.add(LocalDate.parse(first));
      } catch (DateTimeParseException e) {
        findings.add(FindingCode.INVALID_SCHEDULE, new Location(source.name(), i + 1, column), "'" + first
            + "' is no date; a file of dates holds one date per line, written as 2027-01-01, optionally followed by"
            + " its name; '#' starts a comment");
      }
    }
    return new DatesFile(shortName(source.name()), dates);
  }
}
