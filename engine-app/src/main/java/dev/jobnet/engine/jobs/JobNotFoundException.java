package dev.jobnet.engine.jobs;

import org.springframework.http.HttpStatus;

/** No such external task (completed, stopped, resolved, deleted), no such output, or not visible to the caller. */
final class JobNotFoundException extends JobsApiException {

  JobNotFoundException(String message) {
    super(message);
  }

  @Override
  HttpStatus status() {
    return HttpStatus.NOT_FOUND;
  }
}
