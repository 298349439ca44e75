package dev.jobnet.agent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.protocol.Protocol;
import dev.jobnet.protocol.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.exception.BadRequestException;
import org.camunda.bpm.client.exception.ExternalTaskClientException;
import org.camunda.bpm.client.exception.NotFoundException;
import org.camunda.bpm.client.exception.RestException;
import org.camunda.bpm.client.impl.EngineClient;
import org.camunda.bpm.client.impl.EngineClientException;
import org.camunda.bpm.client.impl.ExternalTaskClientImpl;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.impl.ExternalTaskImpl;
import org.camunda.bpm.client.task.impl.ExternalTaskServiceImpl;
import org.camunda.bpm.client.topic.impl.dto.TopicRequestDto;
import org.camunda.bpm.client.variable.impl.TypedValueField;

/**
 * The engine as the external task client 7.24 reaches it, plus the jobnet API for the start
 * marker. The client's own fetch loop fetches a fixed number of tasks; the agent must never fetch
 * more than its free capacity, so it drives the client's {@link EngineClient} itself, one per fetch
 * size (clients are cheap and made on first use), and reports through the client's task service.
 */
public final class CamundaEngineGateway implements EngineGateway {

  /** A topic no job can have (server names start with a letter or digit), for ending a waiting fetch. */
  static final String NO_JOBS_TOPIC = Topics.of("-no-jobs");

  private final String restBase;
  private final String apiBase;
  private final String workerId;
  private final String user;
  private final String password;
  private final Duration longPoll;
  private final Map<Integer, EngineClient> clients = new ConcurrentHashMap<>();
  private final ExternalTaskServiceImpl tasks;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "jobnet-fetch");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean fetchingStopped;
  private CompletableFuture<List<FetchedTask>> pendingFetch;
  private volatile String lastWarning;

  public CamundaEngineGateway(String engineRestUrl, String workerId, String user, String password, Duration longPoll) {
    this.restBase = engineRestUrl.replaceAll("/+$", "");
    this.apiBase = restBase.endsWith("/engine-rest")
        ? restBase.substring(0, restBase.length() - "/engine-rest".length()) + "/jobnet-api"
        : restBase + "/../jobnet-api";
    this.workerId = workerId;
    this.user = user;
    this.password = password;
    this.longPoll = longPoll;
    this.tasks = new ExternalTaskServiceImpl(client(1));
  }

  private EngineClient client(int maxTasks) {
    return clients.computeIfAbsent(maxTasks, n -> {
      var builder = ExternalTaskClient.create().baseUrl(restBase).workerId(workerId).maxTasks(n)
          .asyncResponseTimeout(longPoll.toMillis()).disableAutoFetching().disableBackoffStrategy()
          // No silent re-sends: a fetch the engine ended (503, replaced by a newer one of this worker)
          // must stay ended; the agent's own loops retry what failed.
          .customizeHttpClient(http -> http.disableAutomaticRetries());
      if (user != null && !user.isBlank()) {
        builder.addInterceptor(new BasicAuthProvider(user, password));
      }
      builder.addInterceptor(request -> request.addHeader(Protocol.HEADER, Integer.toString(Protocol.VERSION)));
      ExternalTaskClientImpl client = (ExternalTaskClientImpl) builder.build();
      return client.getTopicSubscriptionManager().getEngineClient();
    });
  }

  @Override
  public void checkAccess() {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(restBase + "/external-task/count")).GET());
    switch (r.statusCode()) {
      case 200 -> { }
      case 401 -> throw new AccessRefusedException("the engine at " + restBase + " refused the agent's credentials"
          + " (user '" + user + "'): check JOBNET_AGENT_USER and JOBNET_AGENT_PASSWORD");
      case 403 -> throw new AccessRefusedException("user '" + user + "' may not work on jobs: make it a member of"
          + " the group jobnet-agents");
      case 404 -> throw new AccessRefusedException("no engine REST API at " + restBase
          + ": check JOBNET_ENGINE_URL (it ends in /engine-rest)");
      default -> throw new EngineUnavailableException("the engine at " + restBase + " answered " + r.statusCode(), null);
    }
    checkProtocol();
  }

  /**
   * Refuses to work for an engine app that counts a job's retries differently: it answers the
   * protocol version it speaks, or (older than protocol 2) nothing.
   */
  private void checkProtocol() {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(apiBase + "/protocol")).GET());
    if (r.statusCode() == 404) {
      throw new AccessRefusedException("the engine app at " + apiBase + " is older than this agent (it speaks no "
          + "agent protocol version; this agent speaks " + Protocol.VERSION + ", and the two would count a job's "
          + "retries differently): upgrade the engine app, or run an agent of the engine app's version");
    }
    if (r.statusCode() != 200) {
      throw new EngineUnavailableException("the engine app at " + apiBase + " did not say its protocol version ("
          + r.statusCode() + ")", null);
    }
    String spoken = field(r.body(), "protocol");
    if (!Integer.toString(Protocol.VERSION).equals(spoken)) {
      throw new AccessRefusedException("the engine app at " + apiBase + " speaks agent protocol " + spoken
          + ", this agent speaks " + Protocol.VERSION + ": run agents and engine apps of the same version");
    }
  }

  /**
   * Runs each fetch on a thread of its own so that {@link #stopFetching} can end the wait at once:
   * the client's HTTP request cannot be aborted.
   */
  @Override
  public List<FetchedTask> fetch(int maxTasks, List<String> topics, Duration lock, Duration longPollIgnored) {
    CompletableFuture<List<FetchedTask>> request;
    synchronized (this) {
      if (fetchingStopped) {
        return List.of();
      }
      request = CompletableFuture.supplyAsync(() -> fetchNow(maxTasks, topics, lock), fetcher);
      pendingFetch = request;
    }
    try {
      return request.join();
    } catch (CancellationException e) {
      return List.of();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  @Override
  public void stopFetching() {
    synchronized (this) {
      fetchingStopped = true;
      if (pendingFetch != null) {
        pendingFetch.cancel(false);
      }
    }
    // The engine keeps a waiting fetch until it times out, and would lock jobs created meanwhile for
    // this agent. A new fetch of this worker id replaces it (unique-worker-request, on in the engine
    // app); it asks for a topic no job has and waits 1 ms.
    String body = "{\"workerId\":" + quote(workerId) + ",\"maxTasks\":1,\"asyncResponseTimeout\":1,"
        + "\"topics\":[{\"topicName\":\"" + NO_JOBS_TOPIC + "\",\"lockDuration\":1000}]}";
    try {
      send(HttpRequest.newBuilder(URI.create(restBase + "/external-task/fetchAndLock"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
          Duration.ofSeconds(2));
    } catch (EngineUnavailableException e) {
      // out of reach: its waiting fetch ended with the connection, or times out by itself
    }
  }

  private List<FetchedTask> fetchNow(int maxTasks, List<String> topics, Duration lock) {
    List<TopicRequestDto> requests = new ArrayList<>();
    for (String topic : topics) {
      TopicRequestDto dto = new TopicRequestDto(topic, lock.toMillis(), null, null);
      dto.setIncludeExtensionProperties(true);
      requests.add(dto);
    }
    List<ExternalTask> fetched;
    try {
      fetched = client(maxTasks).fetchAndLock(requests);
    } catch (EngineClientException | ExternalTaskClientException e) {
      throw unavailableOrRefused("fetch jobs", e);
    }
    List<FetchedTask> result = new ArrayList<>(fetched.size());
    for (ExternalTask t : fetched) {
      Map<String, String> vars = new HashMap<>();
      Map<String, TypedValueField> raw = t instanceof ExternalTaskImpl impl ? impl.getVariables() : Map.of();
      if (raw != null) {
        raw.forEach((k, v) -> {
          if (v != null && v.getValue() != null) {
            vars.put(k, String.valueOf(v.getValue()));
          }
        });
      }
      result.add(new FetchedTask(t.getId(), t.getTopicName(), t.getActivityId(), t.getActivityInstanceId(),
          t.getProcessInstanceId(), t.getBusinessKey(), t.getRetries(),
          t.getExtensionProperties() == null ? Map.of() : t.getExtensionProperties(), vars));
    }
    if (fetchingStopped && !result.isEmpty()) {
      // Nobody waits for these any more: give them back rather than let their locks run out.
      for (FetchedTask t : result) {
        try {
          unlock(t.id());
        } catch (RuntimeException e) {
          // its lock runs out by itself
        }
      }
      return List.of();
    }
    return result;
  }

  @Override
  public MarkerResult placeStartMarker(String taskId, int attempt) {
    String body = "{\"workerId\":" + quote(workerId) + ",\"attempt\":" + attempt + "}";
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(apiBase + "/jobs/" + taskId + "/start"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    return switch (r.statusCode()) {
      case 200 -> MarkerResult.PLACED;
      case 404 -> MarkerResult.GONE;
      case 409 -> "ALREADY_STARTED".equals(field(r.body(), "reason")) ? MarkerResult.ALREADY_STARTED
          : MarkerResult.NOT_YOURS;
      case 401, 403 -> throw new AccessRefusedException("the engine refused the start marker of job " + taskId
          + " (" + r.statusCode() + "): the agent's user must be a member of jobnet-agents");
      default -> throw new EngineUnavailableException("start marker of job " + taskId + ": " + r.statusCode()
          + " " + r.body(), null);
    };
  }

  @Override
  public void releaseStartMarker(String taskId, int attempt) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(apiBase + "/jobs/" + taskId + "/start?workerId="
        + java.net.URLEncoder.encode(workerId, StandardCharsets.UTF_8) + "&attempt=" + attempt)).DELETE());
    if (r.statusCode() >= 500) {
      throw new EngineUnavailableException("release of job " + taskId + ": " + r.statusCode(), null);
    }
  }

  @Override
  public long shipOutput(String taskId, int attempt, String stream, long offset, byte[] bytes, Long streamLength) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(apiBase + "/jobs/" + taskId + "/output/" + stream
        + "?attempt=" + attempt + "&offset=" + offset + (streamLength == null ? "" : "&length=" + streamLength)))
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    switch (r.statusCode()) {
      case 200:
        String next = field(r.body(), "next");
        return Long.parseLong(next != null ? next : field(r.body(), "received"));
      case 409:
        String expected = field(r.body(), "expectedOffset");
        if (expected != null) {
          return Long.parseLong(expected);
        }
        throw new EngineUnavailableException("output of job " + taskId + ": " + r.body(), null);
      case 404:
        return -1;
      default:
        throw new EngineUnavailableException("output of job " + taskId + ": " + r.statusCode() + " " + r.body(), null);
    }
  }

  @Override
  public void unlock(String taskId) {
    try {
      tasks.unlock(new TaskRef(taskId));
    } catch (NotFoundException | BadRequestException e) {
      // gone or no longer ours: nothing to give back
    } catch (ExternalTaskClientException e) {
      throw unavailableOrRefused("unlock job " + taskId, e);
    }
  }

  @Override
  public LockState extendLock(String taskId, Duration lock) {
    try {
      tasks.extendLock(taskId, lock.toMillis());
      return LockState.HELD;
    } catch (NotFoundException e) {
      return LockState.LOST;
    } catch (BadRequestException e) {
      String m = String.valueOf(e.getMessage());
      if (!m.contains("expired")) {
        return LockState.LOST;
      }
      // Our lock expired while the engine was out of reach and nobody took the job: lock it again.
      try {
        tasks.lock(taskId, lock.toMillis());
        return LockState.HELD;
      } catch (RuntimeException again) {
        return LockState.EXPIRED;
      }
    } catch (ExternalTaskClientException e) {
      throw unavailableOrRefused("heartbeat of job " + taskId, e);
    }
  }

  @Override
  public Delivery complete(String taskId, Map<String, Object> localVariables) {
    try {
      tasks.complete(taskId, null, localVariables);
      return Delivery.ACCEPTED;
    } catch (NotFoundException | BadRequestException e) {
      return Delivery.NOT_WANTED;
    } catch (ExternalTaskClientException e) {
      if (isOptimisticLocking(e)) {
        return Delivery.RETRY;
      }
      throw unavailableOrRefused("report of job " + taskId, e);
    }
  }

  @Override
  public java.util.Optional<Integer> retriesOf(String taskId) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(restBase + "/external-task/" + taskId)).GET());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new EngineUnavailableException("job " + taskId + ": " + r.statusCode() + " " + r.body(), null);
    }
    String retries = field(r.body(), "retries");
    return retries == null || "null".equals(retries) ? java.util.Optional.empty()
        : java.util.Optional.of(Integer.parseInt(retries));
  }

  @Override
  public Delivery failure(String taskId, String message, String details, int retries, Duration retryIn) {
    try {
      tasks.handleFailure(taskId, message, details, retries, retryIn.toMillis());
      return Delivery.ACCEPTED;
    } catch (NotFoundException | BadRequestException e) {
      return Delivery.NOT_WANTED;
    } catch (ExternalTaskClientException e) {
      if (isOptimisticLocking(e)) {
        return Delivery.RETRY;
      }
      throw unavailableOrRefused("failure report of job " + taskId, e);
    }
  }

  private static boolean isOptimisticLocking(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("OptimisticLocking")
          || t instanceof RestException r && "OptimisticLockingException".equals(r.getType())) {
        return true;
      }
    }
    return false;
  }

  private RuntimeException unavailableOrRefused(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RestException r && r.getHttpStatusCode() != null
          && (r.getHttpStatusCode() == 401 || r.getHttpStatusCode() == 403)) {
        return new AccessRefusedException(what + ": the engine refused the agent (" + r.getHttpStatusCode() + ")");
      }
    }
    return new EngineUnavailableException(what + ": " + e.getMessage(), e);
  }

  @Override
  public List<String> report(AgentStatus status) {
    String body;
    try {
      body = json.writeValueAsString(status);
    } catch (IOException e) {
      throw new IllegalStateException("could not write the agent's report", e);
    }
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(apiBase + "/agents/" + workerId + "/heartbeat"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new AccessRefusedException("the engine refused the agent's report (" + r.statusCode() + "): "
          + field(r.body(), "message"));
    }
    if (r.statusCode() != 200) {
      throw new EngineUnavailableException("the engine did not take the agent's report (" + r.statusCode() + "): "
          + field(r.body(), "message"), null);
    }
    List<String> withdrawn = new ArrayList<>();
    try {
      JsonNode answer = json.readTree(r.body());
      String warning = answer.hasNonNull("warning") ? answer.get("warning").asText() : null;
      if (warning != null && !warning.equals(lastWarning)) {
        org.slf4j.LoggerFactory.getLogger(CamundaEngineGateway.class).warn("engine: {}", warning);
      }
      lastWarning = warning;
      for (JsonNode id : answer.path("withdrawnStuck")) {
        withdrawn.add(id.asText());
      }
    } catch (IOException e) {
      // an answer without details: nothing withdrawn that we know of
    }
    return withdrawn;
  }

  @Override
  public void stopped() {
    send(HttpRequest.newBuilder(URI.create(apiBase + "/agents/" + workerId + "/stopped"))
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return send(request, Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
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

  private String field(String body, String name) {
    try {
      JsonNode n = json.readTree(body).get(name);
      return n == null ? null : n.asText();
    } catch (IOException e) {
      return null;
    }
  }

  private String quote(String s) {
    try {
      return json.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The task service takes task objects for unlock; only the id is read. */
  private static final class TaskRef extends ExternalTaskImpl {
    TaskRef(String id) {
      setId(id);
    }
  }
}
