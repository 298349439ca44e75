package dev.jobnet.engine.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.api.ApiException;
import dev.jobnet.engine.api.Problems;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The callbacks of http jobs over HTTP ({@code docs/http-jobs.md}): the agents' two calls (an
 * attempt's callback URL, and the hand-over once the backend accepted the request), and the callback
 * URL itself, which the backend posts its result to without credentials of ours (its token is the
 * credential; the authentication filter of {@code /jobnet-api} leaves {@value Callbacks#PATH} alone).
 */
@RestController
class CallbacksController {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Callbacks callbacks;

  CallbacksController(Callbacks callbacks) {
    this.callbacks = callbacks;
  }

  /** What an agent sends: its worker id and the attempt. */
  record AgentRequest(String workerId, Integer attempt) {

    void check() {
      if (workerId == null || workerId.isBlank() || attempt == null || attempt < 1) {
        throw new ApiException(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "send {\"workerId\": \"<the worker id"
            + " the task is locked by>\", \"attempt\": <1 for the first run>}");
      }
    }
  }

  @PostMapping(path = "/jobnet-api/jobs/{externalTaskId}/callback", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> register(@PathVariable String externalTaskId, @RequestBody AgentRequest body) {
    body.check();
    String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    return Map.of("callbackUrl", callbacks.register(externalTaskId, body.workerId(), body.attempt(), base));
  }

  @PostMapping(path = "/jobnet-api/jobs/{externalTaskId}/callback/wait", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> handOver(@PathVariable String externalTaskId, @RequestBody AgentRequest body) {
    body.check();
    return Map.of("state", callbacks.handOver(externalTaskId, body.workerId(), body.attempt()).name());
  }

  /**
   * The backend's result: {@code {"result": "ok"}} or {@code {"result": "fail", "message": "..."}}.
   * 200 with the state the attempt is in (also for a second callback of the same attempt), 409 when
   * the attempt no longer waits, 404 for a token that is no callback's.
   */
  @PostMapping(path = Callbacks.PATH + "{token}")
  Map<String, Object> callback(@PathVariable String token, @RequestBody(required = false) String body) {
    JsonNode json;
    try {
      json = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (Exception e) {
      json = null;
    }
    String result = json == null ? null : json.path("result").asText(null);
    if (result == null || !(result.equals("ok") || result.equals("fail"))) {
      throw new ApiException(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "send {\"result\": \"ok\"} or"
          + " {\"result\": \"fail\", \"message\": \"what went wrong\"} as JSON");
    }
    String message = json.path("message").isMissingNode() || json.path("message").isNull() ? null
        : json.path("message").asText();
    return Map.of("state", callbacks.accept(token, result.equals("ok"), message).name());
  }
}
