package dev.jobnet.engine.jobs;

import java.util.Locale;

/** The two output streams of a job's command, as they appear in paths and in the log table. */
public enum LogStream {
  STDOUT, STDERR;

  /** The name in paths and in the table: {@code stdout}, {@code stderr}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static LogStream of(String id) {
    for (LogStream s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new InvalidJobsRequestException("unknown output stream '" + id + "': use stdout or stderr");
  }
}
