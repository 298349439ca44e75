package dev.jobnet.engine.jobs;

import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The answer carrying a job's output: UTF-8 text and what was received and kept, in headers. */
final class OutputResponses {

  static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
  static final String TOTAL_BYTES = "X-Jobnet-Total-Bytes";
  static final String TRUNCATED = "X-Jobnet-Truncated";
  static final String ATTEMPT = "X-Jobnet-Attempt";

  private OutputResponses() {}

  static ResponseEntity<byte[]> of(JobOutput.View view) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (view.attempt() != null) {
      ok.header(ATTEMPT, Integer.toString(view.attempt()));
    }
    return ok
        .contentType(TEXT)
        .header(TOTAL_BYTES, Long.toString(view.text().total()))
        .header(TRUNCATED, Boolean.toString(view.text().truncated()))
        .body(view.text().text());
  }
}
