package dev.jobnet.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Assertions on the error answers of {@code /jobnet-api}: an RFC 9457 problem
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, the stable {@code reason} and {@code message} (the detail again), as
 * {@code docs/rest-api.md} describes it.
 */
public final class ProblemAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemAnswers() {}

  /** Asserts that the answer is a problem of this status and reason; its body, for more assertions. */
  public static JsonNode assertProblem(ResponseEntity<String> response, int status, String reason) {
    return assertProblem(response.getStatusCode().value(), response.getHeaders().getContentType(),
        response.getBody(), status, reason);
  }

  /** The same for an answer read with the JDK's HTTP client. */
  public static JsonNode assertProblem(HttpResponse<String> response, int status, String reason) {
    MediaType type = response.headers().firstValue(HttpHeaders.CONTENT_TYPE).map(MediaType::parseMediaType)
        .orElse(null);
    return assertProblem(response.statusCode(), type, response.body(), status, reason);
  }

  /** The same for an answer already split into its parts. */
  public static JsonNode assertProblem(int actualStatus, MediaType contentType, String body, int status,
      String reason) {
    String seen = actualStatus + " " + contentType + " " + body;
    assertThat(actualStatus).as(seen).isEqualTo(status);
    assertThat(contentType).as(seen).isNotNull();
    assertThat(contentType.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as("problem+json: " + seen).isTrue();
    JsonNode problem = parse(body);
    assertThat(problem.path("type").asText()).as(seen).isEqualTo("urn:jobnet:problem:" + reason);
    assertThat(problem.path("title").asText()).as(seen).isNotBlank();
    assertThat(problem.path("status").asInt()).as(seen).isEqualTo(status);
    assertThat(problem.path("detail").asText()).as(seen).isNotBlank();
    assertThat(problem.path("instance").asText()).as(seen).startsWith("/");
    assertThat(problem.path("reason").asText()).as(seen).isEqualTo(reason);
    assertThat(problem.path("message").asText()).as("message is the detail again: " + seen)
        .isEqualTo(problem.path("detail").asText());
    return problem;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }
}
