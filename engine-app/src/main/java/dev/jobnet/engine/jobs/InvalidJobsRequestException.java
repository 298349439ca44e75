package dev.jobnet.engine.jobs;

import org.springframework.http.HttpStatus;

/** A missing or malformed parameter. */
final class InvalidJobsRequestException extends JobsApiException {

  InvalidJobsRequestException(String message) {
    super(message);
  }

  @Override
  HttpStatus status() {
    return HttpStatus.BAD_REQUEST;
  }
}
