package dev.jobnet.engine.jobs;

import org.springframework.http.HttpStatus;

/** The caller is authenticated but in none of the groups the endpoint is for. */
final class NotAllowedException extends JobsApiException {

  NotAllowedException(String message) {
    super(message);
  }

  @Override
  HttpStatus status() {
    return HttpStatus.FORBIDDEN;
  }
}
