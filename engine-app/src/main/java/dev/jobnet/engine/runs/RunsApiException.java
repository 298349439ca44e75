package dev.jobnet.engine.runs;

import dev.jobnet.engine.api.ApiException;
import dev.jobnet.engine.api.Problems;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request about runs that cannot be served, answered as a problem with its status and reason
 * ({@link ApiException}). Thrown before anything changes.
 */
class RunsApiException extends ApiException {

  private RunsApiException(HttpStatus status, String reason, String message, Map<String, Object> members) {
    super(status, reason, message, members);
  }

  static RunsApiException badRequest(String message) {
    return new RunsApiException(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, message, Map.of());
  }

  static RunsApiException notFound(String runId) {
    return new RunsApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
        "no run " + runId + " (it does not exist, its history was cleaned up, or you may not see it)", Map.of());
  }

  /** 409 with a stable {@code reason} code and the run's {@code state}. */
  static RunsApiException conflict(String reason, String state, String message) {
    return new RunsApiException(HttpStatus.CONFLICT, reason, message, Map.of("state", state));
  }
}
