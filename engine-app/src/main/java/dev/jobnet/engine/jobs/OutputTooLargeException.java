package dev.jobnet.engine.jobs;

import dev.jobnet.engine.api.Problems;
import org.springframework.http.HttpStatus;

/** An output request whose body is larger than {@code jobnet.jobs.max-output-request}: 413 PAYLOAD_TOO_LARGE. */
final class OutputTooLargeException extends JobsApiException {

  OutputTooLargeException(String message) {
    super(HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, message);
  }
}
