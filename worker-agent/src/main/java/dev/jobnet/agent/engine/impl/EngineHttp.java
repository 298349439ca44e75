package dev.jobnet.agent.engine.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.protocol.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The agent's own HTTP client to the engine app (HTTP/1.1, the agent's Basic credentials and the
 * protocol version on every request): the engine REST API's base ({@code .../engine-rest}) and the
 * jobnet API's beside it ({@code .../jobnet-api}). An engine out of reach is an {@link
 * EngineUnavailableException}.
 */
public final class EngineHttp {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /**
   * How long a short call waits for the engine's answer (start marker, release, registry report,
   * heartbeat, report, unlock): a connection whose packets are silently lost is noticed within it, and
   * the call is made again later (each is safe to repeat). Output pieces (up to 1 MiB) get {@link
   * #DEFAULT_TIMEOUT}.
   */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final String restBase;
  private final String apiBase;
  private final String user;
  private final String password;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public EngineHttp(String engineRestUrl, String user, String password) {
    this.restBase = engineRestUrl.replaceAll("/+$", "");
    this.apiBase = restBase.endsWith("/engine-rest")
        ? restBase.substring(0, restBase.length() - "/engine-rest".length()) + "/jobnet-api"
        : restBase + "/../jobnet-api";
    this.user = user;
    this.password = password;
  }

  /** The engine REST API's base URL, without a trailing slash. */
  public String restBase() {
    return restBase;
  }

  /** The jobnet API's base URL. */
  public String apiBase() {
    return apiBase;
  }

  /** The agent's user, or null/blank when the engine asks for none. */
  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** A request to the engine REST API ({@code path} starts with {@code /}). */
  HttpRequest.Builder rest(String path) {
    return HttpRequest.newBuilder(URI.create(restBase + path));
  }

  /** A request to the jobnet API ({@code path} starts with {@code /}). */
  HttpRequest.Builder api(String path) {
    return HttpRequest.newBuilder(URI.create(apiBase + path));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    return send(request, DEFAULT_TIMEOUT);
  }

  HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
    request.header(Protocol.HEADER, Integer.toString(Protocol.VERSION));
    if (user != null && !user.isBlank()) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new EngineUnavailableException("cannot reach the engine at " + restBase + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineUnavailableException("interrupted", e);
    }
  }

  /** A top-level member of a JSON answer as text, or null when absent or not JSON. */
  String field(String body, String name) {
    JsonNode answer = tree(body);
    JsonNode n = answer == null ? null : answer.get(name);
    return n == null ? null : n.asText();
  }

  /** A JSON answer, or null when it is not JSON. */
  JsonNode tree(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code value} as JSON. */
  String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
