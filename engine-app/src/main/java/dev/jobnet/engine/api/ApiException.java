package dev.jobnet.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request to {@code /jobnet-api} that cannot be served as asked, answered by
 * {@link ApiExceptionHandler} as a {@link Problems problem} with {@link #status()}, the stable
 * {@link #reason()}, the message as {@code detail}, and {@link #members()}. Thrown before anything is
 * written (a transaction around it is rolled back). Features subclass it or use it as it is.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String reason;
  private final Map<String, Object> members;

  /** @param members more members of the answer, for programs (an expected offset, a state), in order */
  public ApiException(HttpStatus status, String reason, String message, Map<String, ?> members) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.members = new LinkedHashMap<>(members);
  }

  public ApiException(HttpStatus status, String reason, String message) {
    this(status, reason, message, Map.of());
  }

  public HttpStatus status() {
    return status;
  }

  /** The stable code, e.g. {@code NOT_FOUND}, {@code OFFSET_GAP}. */
  public String reason() {
    return reason;
  }

  /** The members of the answer besides the problem's own and {@code reason} and {@code message}. */
  public Map<String, Object> members() {
    return Collections.unmodifiableMap(members);
  }

  /** The answer's body. */
  public ProblemDetail problem() {
    return Problems.of(status, reason, getMessage(), members);
  }
}
