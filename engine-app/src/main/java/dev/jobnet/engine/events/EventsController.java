package dev.jobnet.engine.events;

import dev.jobnet.engine.security.Caller;
import dev.jobnet.engine.security.Callers;
import dev.jobnet.engine.security.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /jobnet-api/events}: the event log for operators, filtered and a page at a time
 * ({@code docs/events.md}); an application sees the events of its own tenant's runs.
 */
@RestController
@RequestMapping("/jobnet-api/events")
class EventsController {

  private final EventLog log;
  private final Callers callers;

  EventsController(EventLog log, Callers callers) {
    this.log = log;
    this.callers = callers;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  EventPage events(@RequestParam(required = false) String rootRunId, @RequestParam(required = false) String job,
      @RequestParam(required = false) Set<String> kind, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String page,
      @RequestParam(required = false) String size, @RequestParam(required = false) String order) {
    Optional<Set<String>> tenants = visibleTenants();
    EventQuery query = new EventQuery(blankToNull(rootRunId), blankToNull(job), kinds(kind), instant("from", from),
        instant("to", to), tenants.orElse(null), number("page", page, 0, 0, Integer.MAX_VALUE),
        number("size", size, EventQuery.DEFAULT_SIZE, 1, EventQuery.MAX_SIZE), newestFirst(order));
    return log.find(query);
  }

  /**
   * Empty: every event (operators, including Camunda's administrators); else the tenants whose runs'
   * events the caller may read (an application). Anyone else (agents included) is refused.
   */
  private Optional<Set<String>> visibleTenants() {
    Caller caller = callers.require("read the event log", Role.OPERATOR, Role.APPLICATION);
    return caller.isOperator() ? Optional.empty() : Optional.of(Set.copyOf(caller.tenants()));
  }

  private static Set<EventKind> kinds(Set<String> names) {
    Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
    if (names == null) {
      return kinds;
    }
    for (String listed : names) {
      for (String name : listed.split(",")) {
        if (name.isBlank()) {
          continue;
        }
        try {
          kinds.add(EventKind.valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new InvalidEventsRequestException("unknown event kind '" + name.strip() + "': use one of "
              + EnumSet.allOf(EventKind.class));
        }
      }
    }
    return kinds;
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidEventsRequestException(name + " must be a time in ISO-8601 with a zone, e.g. "
          + "2026-11-23T10:00:00Z, was '" + value + "'");
    }
  }

  private static int number(String name, String value, int absent, int min, int max) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new InvalidEventsRequestException(name + " must be a whole number from " + min
        + (max == Integer.MAX_VALUE ? " on" : " to " + max) + ", was '" + value + "'");
  }

  private static boolean newestFirst(String order) {
    if (order == null || order.isBlank() || order.equalsIgnoreCase("asc")) {
      return false;
    }
    if (order.equalsIgnoreCase("desc")) {
      return true;
    }
    throw new InvalidEventsRequestException("order must be asc (in the order they happened, the default) or desc "
        + "(newest first), was '" + order + "'");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
