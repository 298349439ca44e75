package dev.jobnet.engine.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request about runs that cannot be served, answered by {@link RunsExceptionHandler} as
 * {@code {"message": ..., "reason": ..., ...}} with {@link #status()}. Thrown before anything changes.
 */
class RunsApiException extends RuntimeException {

  private final HttpStatus status;
  private final Map<String, Object> details;

  private RunsApiException(HttpStatus status, String message, Map<String, Object> details) {
    super(message);
    this.status = status;
    this.details = details;
  }

  static RunsApiException badRequest(String message) {
    return new RunsApiException(HttpStatus.BAD_REQUEST, message, Map.of());
  }

  static RunsApiException notFound(String runId) {
    return new RunsApiException(HttpStatus.NOT_FOUND,
        "no run " + runId + " (it does not exist, its history was cleaned up, or you may not see it)", Map.of());
  }

  /** 409 with a stable {@code reason} code and the run's state. */
  static RunsApiException conflict(String reason, String state, String message) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", reason);
    details.put("state", state);
    return new RunsApiException(HttpStatus.CONFLICT, message, details);
  }

  HttpStatus status() {
    return status;
  }

  Map<String, Object> details() {
    return details;
  }
}
