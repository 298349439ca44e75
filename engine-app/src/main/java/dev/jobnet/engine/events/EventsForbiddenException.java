package dev.jobnet.engine.events;

/** The caller may not read the event log (403). */
class EventsForbiddenException extends RuntimeException {

  EventsForbiddenException(String message) {
    super(message);
  }
}
