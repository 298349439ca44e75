package dev.jobnet.engine.jobs;

import dev.jobnet.engine.api.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request to the agents' API that cannot be served; answered as a problem with its status and
 * reason ({@link ApiException}). Thrown before anything is written (a transaction around it is rolled
 * back).
 */
public abstract class JobsApiException extends ApiException {

  JobsApiException(HttpStatus status, String reason, String message, Map<String, ?> members) {
    super(status, reason, message, members);
  }

  JobsApiException(HttpStatus status, String reason, String message) {
    super(status, reason, message);
  }
}
