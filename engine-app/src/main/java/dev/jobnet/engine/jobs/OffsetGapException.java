package dev.jobnet.engine.jobs;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Output bytes that start after the last byte received: 409 {@value #REASON}; the agent must send from
 * {@link #expectedOffset()}, which the answer carries as {@code expectedOffset}.
 */
final class OffsetGapException extends JobsApiException {

  static final String REASON = "OFFSET_GAP";

  private final long expectedOffset;

  OffsetGapException(String message, long expectedOffset) {
    super(HttpStatus.CONFLICT, REASON, message, Map.of("expectedOffset", expectedOffset));
    this.expectedOffset = expectedOffset;
  }

  long expectedOffset() {
    return expectedOffset;
  }
}
