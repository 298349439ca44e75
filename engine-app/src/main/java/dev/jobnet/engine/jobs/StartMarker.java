package dev.jobnet.engine.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A job's start marker ({@link StartMarkerStore}): which agent started which attempt of the job, and
 * when; and, once the re-delivery guard stopped a second start, who tried it ({@link SecondStart}).
 * The JSON {@link #parse} reads is what agent protocol 2 kept in the variable {@code jobnetStartMarker}, read once
 * more when the engine app is upgraded (migration {@code V11}).
 *
 * @param secondStart null unless the guard made the job STUCK
 */
public record StartMarker(String agent, int attempt, Instant startedAt, SecondStart secondStart) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A second start the guard refused.
   *
   * @param retries the task's retries when the guard set them to 0 (null: none reported yet), given
   *     back if the first agent releases the job as never started
   */
  public record SecondStart(String agent, int attempt, Instant at, Integer retries) {}

  public static StartMarker of(String agent, int attempt, Instant startedAt) {
    return new StartMarker(agent, attempt, startedAt, null);
  }

  StartMarker withSecondStart(SecondStart second) {
    return new StartMarker(agent, attempt, startedAt, second);
  }

  /** Whether this worker wrote this marker for this attempt. */
  boolean isOf(String worker, int attemptNumber) {
    return agent.equals(worker) && attempt == attemptNumber;
  }

  /** The marker a protocol-2 variable holds; empty for no variable. Unreadable content throws. */
  public static Optional<StartMarker> parse(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(value.toString());
      SecondStart second = null;
      JsonNode s = node.get("secondStart");
      if (s != null && !s.isNull()) {
        JsonNode retries = s.get("retries");
        second = new SecondStart(field(s, "agent").asText(), field(s, "attempt").asInt(),
            Instant.parse(field(s, "at").asText()), retries == null || retries.isNull() ? null : retries.asInt());
      }
      return Optional.of(new StartMarker(field(node, "agent").asText(), field(node, "attempt").asInt(),
          Instant.parse(field(node, "startedAt").asText()), second));
    } catch (JsonProcessingException | DateTimeParseException e) {
      throw new IllegalStateException("the variable jobnetStartMarker holds no start marker: " + value, e);
    }
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode field = node.get(name);
    if (field == null || field.isNull()) {
      throw new IllegalStateException("the start marker " + node + " has no '" + name + "'");
    }
    return field;
  }
}
