package dev.jobnet.engine.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Output bytes that start after the last byte received: the agent must send from {@link #expectedOffset()}. */
final class OffsetGapException extends JobsApiException {

  static final String REASON = "OFFSET_GAP";

  private final long expectedOffset;

  OffsetGapException(String message, long expectedOffset) {
    super(message);
    this.expectedOffset = expectedOffset;
  }

  long expectedOffset() {
    return expectedOffset;
  }

  @Override
  HttpStatus status() {
    return HttpStatus.CONFLICT;
  }

  @Override
  Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", REASON);
    details.put("expectedOffset", expectedOffset);
    return details;
  }
}
