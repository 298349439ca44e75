package dev.jobnet.engine.operations;

import dev.jobnet.engine.api.ApiException;
import dev.jobnet.engine.api.Problems;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request of an operator or an agent that cannot be served as asked, answered as a problem with its
 * status, a stable {@code reason} and the details ({@link ApiException}).
 */
public class OperationsException extends ApiException {

  public OperationsException(HttpStatus status, String reason, String message, Map<String, Object> details) {
    super(status, reason, message, details);
  }

  public static OperationsException notFound(String message) {
    return new OperationsException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, message, Map.of());
  }

  public static OperationsException badRequest(String message) {
    return new OperationsException(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, message, Map.of());
  }

  public static OperationsException conflict(String reason, String message, Map<String, Object> details) {
    return new OperationsException(HttpStatus.CONFLICT, reason, message, details);
  }
}
