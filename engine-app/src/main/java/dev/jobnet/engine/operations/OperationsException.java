package dev.jobnet.engine.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request of an operator or an agent that cannot be served as asked, answered with {@link #status()}
 * and {@code {"reason": <stable code>, "message": <what happened, what to do>, <details>}}.
 */
public class OperationsException extends RuntimeException {

  private final HttpStatus status;
  private final String reason;
  private final Map<String, Object> details;

  public OperationsException(HttpStatus status, String reason, String message, Map<String, Object> details) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.details = Map.copyOf(details);
  }

  public static OperationsException notFound(String message) {
    return new OperationsException(HttpStatus.NOT_FOUND, "NOT_FOUND", message, Map.of());
  }

  public static OperationsException badRequest(String message) {
    return new OperationsException(HttpStatus.BAD_REQUEST, "BAD_REQUEST", message, Map.of());
  }

  public static OperationsException conflict(String reason, String message, Map<String, Object> details) {
    return new OperationsException(HttpStatus.CONFLICT, reason, message, details);
  }

  public HttpStatus status() {
    return status;
  }

  /** The answer's body. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.putAll(details);
    body.put("message", getMessage());
    return body;
  }
}
