package dev.jobnet.engine.jobs;

import dev.jobnet.engine.api.Problems;
import org.springframework.http.HttpStatus;

/**
 * No such external task (completed, stopped, resolved, deleted), no such output, or not visible to
 * the caller: 404 {@code NOT_FOUND}.
 */
final class JobNotFoundException extends JobsApiException {

  JobNotFoundException(String message) {
    super(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, message);
  }
}
