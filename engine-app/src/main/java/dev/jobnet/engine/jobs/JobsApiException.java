package dev.jobnet.engine.jobs;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request to the agents' API that cannot be served; {@link JobsExceptionHandler} answers it with
 * {@link #status()} and {@code {"message": ..., <details>}}. Thrown before anything is written (a
 * transaction around it is rolled back).
 */
public abstract class JobsApiException extends RuntimeException {

  JobsApiException(String message) {
    super(message);
  }

  abstract HttpStatus status();

  /** More fields of the answer, for programs (a reason code, an expected offset). */
  Map<String, Object> details() {
    return Map.of();
  }
}
