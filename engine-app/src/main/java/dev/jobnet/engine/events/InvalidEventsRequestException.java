package dev.jobnet.engine.events;

/** A query of the event log that cannot be answered as asked (400). */
class InvalidEventsRequestException extends RuntimeException {

  InvalidEventsRequestException(String message) {
    super(message);
  }
}
