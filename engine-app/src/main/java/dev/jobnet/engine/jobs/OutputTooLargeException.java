package dev.jobnet.engine.jobs;

import org.springframework.http.HttpStatus;

/** An output request whose body is larger than {@code jobnet.jobs.max-output-request}. */
final class OutputTooLargeException extends JobsApiException {

  OutputTooLargeException(String message) {
    super(message);
  }

  @Override
  HttpStatus status() {
    return HttpStatus.PAYLOAD_TOO_LARGE;
  }
}
