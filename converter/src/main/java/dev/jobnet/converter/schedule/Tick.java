package dev.jobnet.converter.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * One run a schedule asks for.
 *
 * @param at when it runs
 * @param local the local date-time it runs at in the schedule's zone (after a closed-day shift; on a
 *     spring-forward day a time that does not exist is not this: {@code at} is the first instant after it)
 * @param notes what happened on the way, in words: a closed-day shift, merged ticks, a daylight-saving
 *     gap; empty for a plain tick
 */
public record Tick(Instant at, LocalDateTime local, List<String> notes) {

  public Tick {
    notes = List.copyOf(notes);
  }

  /** The time with the offset the zone has then, e.g. {@code 2026-12-29T02:00+09:00}. */
  public OffsetDateTime in(ZoneId zone) {
    return at.atZone(zone).toOffsetDateTime();
  }
}
