package dev.jobnet.engine.events;

import dev.jobnet.engine.api.ApiException;
import dev.jobnet.engine.api.Problems;
import org.springframework.http.HttpStatus;

/** A query of the event log that cannot be answered as asked: 400 {@code BAD_REQUEST}. */
class InvalidEventsRequestException extends ApiException {

  InvalidEventsRequestException(String message) {
    super(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, message);
  }
}
