package dev.jobnet.engine.jobs;

import dev.jobnet.engine.api.Problems;
import org.springframework.http.HttpStatus;

/** A missing or malformed parameter: 400 {@code BAD_REQUEST}. */
final class InvalidJobsRequestException extends JobsApiException {

  InvalidJobsRequestException(String message) {
    super(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, message);
  }
}
