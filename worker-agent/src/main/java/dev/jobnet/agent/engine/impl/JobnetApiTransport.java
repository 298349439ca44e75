package dev.jobnet.agent.engine.impl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.AgentStatus;
import dev.jobnet.agent.engine.EngineGateway.MarkerResult;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.protocol.Protocol;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's calls that are not Camunda's: the access and protocol check at start, the start marker,
 * the output, the registry (docs/agent-protocol.md). Each answer is turned into what the agent does
 * next; an engine out of reach, or one answering with a server error, is an {@link
 * EngineUnavailableException}, a refusal of the agent's credentials an {@link AccessRefusedException}.
 */
public final class JobnetApiTransport {

  private static final Logger LOG = LoggerFactory.getLogger(JobnetApiTransport.class);

  private final EngineHttp http;
  private final String workerId;
  private volatile String lastWarning;

  public JobnetApiTransport(EngineHttp http, String workerId) {
    this.http = http;
    this.workerId = workerId;
  }

  /** Fails with a clear message when the engine cannot be reached, refuses the agent, or speaks another protocol. */
  public void checkAccess() {
    HttpResponse<String> r = http.send(http.rest("/external-task/count").GET());
    switch (r.statusCode()) {
      case 200 -> { }
      case 401 -> throw new AccessRefusedException("the engine at " + http.restBase() + " refused the agent's"
          + " credentials (user '" + http.user() + "'): check JOBNET_AGENT_USER and JOBNET_AGENT_PASSWORD");
      case 403 -> throw new AccessRefusedException("user '" + http.user() + "' may not work on jobs: make it a"
          + " member of the group jobnet-agents");
      case 404 -> throw new AccessRefusedException("no engine REST API at " + http.restBase()
          + ": check JOBNET_ENGINE_URL (it ends in /engine-rest)");
      default -> throw new EngineUnavailableException("the engine at " + http.restBase() + " answered "
          + r.statusCode(), null);
    }
    checkProtocol();
  }

  /**
   * Refuses to work for an engine app that counts a job's retries differently: it answers the
   * protocol version it speaks, or (older than protocol 2) nothing.
   */
  private void checkProtocol() {
    HttpResponse<String> r = http.send(http.api("/protocol").GET());
    if (r.statusCode() == 404) {
      throw new AccessRefusedException("the engine app at " + http.apiBase() + " is older than this agent (it speaks"
          + " no agent protocol version; this agent speaks " + Protocol.VERSION + ", and the two would count a job's "
          + "retries differently): upgrade the engine app, or run an agent of the engine app's version");
    }
    if (r.statusCode() != 200) {
      throw new EngineUnavailableException("the engine app at " + http.apiBase() + " did not say its protocol"
          + " version (" + r.statusCode() + ")", null);
    }
    String spoken = http.field(r.body(), "protocol");
    if (!Integer.toString(Protocol.VERSION).equals(spoken)) {
      throw new AccessRefusedException("the engine app at " + http.apiBase() + " speaks agent protocol " + spoken
          + ", this agent speaks " + Protocol.VERSION + ": run agents and engine apps of the same version");
    }
  }

  public MarkerResult placeStartMarker(String taskId, int attempt) {
    String body = "{\"workerId\":" + http.write(workerId) + ",\"attempt\":" + attempt + "}";
    HttpResponse<String> r = http.send(http.api("/jobs/" + taskId + "/start")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
        EngineHttp.CALL_TIMEOUT);
    return switch (r.statusCode()) {
      case 200 -> MarkerResult.PLACED;
      case 404 -> MarkerResult.GONE;
      case 409 -> "ALREADY_STARTED".equals(http.field(r.body(), "reason")) ? MarkerResult.ALREADY_STARTED
          : MarkerResult.NOT_YOURS;
      case 401, 403 -> throw new AccessRefusedException("the engine refused the start marker of job " + taskId
          + " (" + r.statusCode() + "): the agent's user must be a member of jobnet-agents");
      default -> throw new EngineUnavailableException("start marker of job " + taskId + ": " + r.statusCode()
          + " " + r.body(), null);
    };
  }

  /** {@code POST /jobnet-api/jobs/{id}/callback}: the attempt's callback URL. */
  public Optional<String> registerCallback(String taskId, int attempt) {
    HttpResponse<String> r = callbackCall(taskId, "/callback", attempt);
    return r.statusCode() == 200 ? Optional.ofNullable(http.field(r.body(), "callbackUrl")) : Optional.empty();
  }

  /** {@code POST /jobnet-api/jobs/{id}/callback/wait}: the engine waits for the backend from now on. */
  public Optional<String> awaitCallback(String taskId, int attempt) {
    HttpResponse<String> r = callbackCall(taskId, "/callback/wait", attempt);
    return r.statusCode() == 200 ? Optional.ofNullable(http.field(r.body(), "state")) : Optional.empty();
  }

  private HttpResponse<String> callbackCall(String taskId, String path, int attempt) {
    String body = "{\"workerId\":" + http.write(workerId) + ",\"attempt\":" + attempt + "}";
    HttpResponse<String> r = http.send(http.api("/jobs/" + taskId + path)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
        EngineHttp.CALL_TIMEOUT);
    return switch (r.statusCode()) {
      case 200, 404, 409 -> r;
      case 401, 403 -> throw new AccessRefusedException("the engine refused " + path + " of job " + taskId + " ("
          + r.statusCode() + "): the agent's user must be a member of jobnet-agents");
      default -> throw new EngineUnavailableException(path + " of job " + taskId + ": " + r.statusCode() + " "
          + r.body(), null);
    };
  }

  public void releaseStartMarker(String taskId, int attempt) {
    HttpResponse<String> r = http.send(http.api("/jobs/" + taskId + "/start?workerId="
        + URLEncoder.encode(workerId, StandardCharsets.UTF_8) + "&attempt=" + attempt).DELETE(), EngineHttp.CALL_TIMEOUT);
    if (r.statusCode() >= 500) {
      throw new EngineUnavailableException("release of job " + taskId + ": " + r.statusCode(), null);
    }
  }

  public long shipOutput(String taskId, int attempt, String stream, long offset, byte[] bytes, Long streamLength) {
    HttpResponse<String> r = http.send(http.api("/jobs/" + taskId + "/output/" + stream + "?attempt=" + attempt
        + "&offset=" + offset + (streamLength == null ? "" : "&length=" + streamLength))
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    switch (r.statusCode()) {
      case 200:
        String next = http.field(r.body(), "next");
        return Long.parseLong(next != null ? next : http.field(r.body(), "received"));
      case 409:
        String expected = http.field(r.body(), "expectedOffset");
        if (expected != null) {
          return Long.parseLong(expected);
        }
        throw new EngineUnavailableException("output of job " + taskId + ": " + r.body(), null);
      case 404:
        return -1;
      default:
        throw new EngineUnavailableException("output of job " + taskId + ": " + r.statusCode() + " " + r.body(),
            null);
    }
  }

  public List<String> report(AgentStatus status) {
    HttpResponse<String> r = http.send(http.api("/agents/" + workerId + "/heartbeat")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(http.write(status))),
        EngineHttp.CALL_TIMEOUT);
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new AccessRefusedException("the engine refused the agent's report (" + r.statusCode() + "): "
          + http.field(r.body(), "message"));
    }
    if (r.statusCode() != 200) {
      throw new EngineUnavailableException("the engine did not take the agent's report (" + r.statusCode() + "): "
          + http.field(r.body(), "message"), null);
    }
    List<String> withdrawn = new ArrayList<>();
    JsonNode answer = http.tree(r.body());
    if (answer == null) {
      return withdrawn; // an answer without details: nothing withdrawn that we know of
    }
    String warning = answer.hasNonNull("warning") ? answer.get("warning").asText() : null;
    if (warning != null && !warning.equals(lastWarning)) {
      LOG.warn("engine: {}", warning);
    }
    lastWarning = warning;
    for (JsonNode id : answer.path("withdrawnStuck")) {
      withdrawn.add(id.asText());
    }
    return withdrawn;
  }

  public void stopped() {
    http.send(http.api("/agents/" + workerId + "/stopped").POST(HttpRequest.BodyPublishers.noBody()),
        EngineHttp.CALL_TIMEOUT);
  }

  /** Tells the registry the agent restarts and is back within {@code backWithin}; until when it counts as heard from. */
  public Instant away(Duration backWithin) {
    HttpResponse<String> r = http.send(http.api("/agents/" + workerId + "/away")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(http.write(Map.of("backWithin", backWithin.toString())))),
        EngineHttp.CALL_TIMEOUT);
    if (r.statusCode() != 200) {
      throw new EngineUnavailableException("the engine did not take the agent's restart (" + r.statusCode() + "): "
          + http.field(r.body(), "message"), null);
    }
    JsonNode answer = http.tree(r.body());
    if (answer == null || !answer.hasNonNull("awayUntil")) {
      throw new EngineUnavailableException("the engine's answer to the agent's restart names no time: " + r.body(),
          null);
    }
    if (answer.hasNonNull("warning")) {
      LOG.warn("engine: {}", answer.get("warning").asText());
    }
    return Instant.parse(answer.get("awayUntil").asText());
  }
}
