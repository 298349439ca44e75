package dev.jobnet.agent.engine.impl;

import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.EngineGateway.Delivery;
import dev.jobnet.agent.engine.EngineGateway.LockState;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.protocol.FetchHeaders;
import dev.jobnet.protocol.Protocol;
import dev.jobnet.protocol.Topics;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
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
 * The external task calls of Camunda's REST API, through the external task client 7.24: fetch and
 * lock, extend, unlock, complete, handle a failure. The client's own fetch loop fetches a fixed number
 * of tasks; the agent must never fetch more than its free capacity, so this drives the client's {@link
 * EngineClient} itself, one per fetch size (clients are cheap and made on first use), and reports
 * through the client's task service. Each answer is turned into what the agent does next.
 *
 * <p>Each fetch names itself ({@link FetchHeaders}: this transport's incarnation and a sequence number)
 * so that the engine writes the jobs' start markers in the fetch's own transaction; the next fetch
 * names the fetches whose answers never arrived, so that the engine knows nobody started their jobs.
 */
public final class ExternalTaskTransport {

  /** How much longer than its long poll a fetch may wait for its answer before the agent gives it up. */
  static final Duration FETCH_MARGIN = Duration.ofSeconds(10);

  /** A topic no job can have (server names start with a letter or digit), for ending a waiting fetch. */
  static final String NO_JOBS_TOPIC = Topics.of("-no-jobs");

  /**
   * How often, at most, the stop sends the fetch that ends a waiting one, and how long it waits for its
   * answer each time: up to 10 s in all, for a fetch that reaches a loaded engine late (it ends at once
   * when the sent fetch is answered, as it is on a quiet engine at the first round).
   */
  static final int STOP_ROUNDS = 20;
  static final Duration STOP_WAIT = Duration.ofMillis(500);

  private final EngineHttp http;
  private final String workerId;
  private final Duration longPoll;
  private final Map<Integer, EngineClient> clients = new ConcurrentHashMap<>();
  private final ExternalTaskServiceImpl tasks;
  private final ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "jobnet-fetch");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean fetchingStopped;
  private CompletableFuture<List<FetchedTask>> pendingFetch;
  /** A fetch request passed the point of no return (its interceptor) and has not been answered yet. */
  private boolean sending;
  private final Consumer<FetchedTask> giveBack;
  /** Names this transport's fetches apart from those of the agent's earlier runs. */
  private final String incarnation = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
  /** The fetch thread's own: the fetches sent so far, and those whose answers never arrived. */
  private long fetches;
  private final Deque<String> lostFetches = new ArrayDeque<>();
  /** The naming headers of the fetch being sent, for the request interceptor (fetch thread only). */
  private final ThreadLocal<Map<String, String>> fetchHeaders = new ThreadLocal<>();

  /**
   * The connections of all of this transport's clients, shared: one per slot (its report, heartbeat or
   * unlock), the long poll, and the stop's fetch. Each client of Camunda's external task client
   * otherwise has a pool of its own of 5 connections, and the reports of more slots wait for one.
   */
  private final PoolingHttpClientConnectionManager connections;

  /**
   * @param capacity how many jobs the agent runs at once: how many reports and heartbeats may be sent at once
   * @param giveBack what to do with jobs a fetch brought after fetching stopped: nobody runs them
   */
  public ExternalTaskTransport(EngineHttp http, String workerId, Duration longPoll, int capacity,
      Consumer<FetchedTask> giveBack) {
    this.http = http;
    this.workerId = workerId;
    this.longPoll = longPoll;
    this.giveBack = giveBack;
    this.connections = connectionPool(capacity);
    // heartbeats, reports and unlocks wait as long as the agent's other short calls (EngineHttp)
    this.tasks = new ExternalTaskServiceImpl(newClient(1, EngineHttp.CALL_TIMEOUT));
  }

  /** A pool of a connection per slot and two more (the long poll and the stop's fetch). */
  static PoolingHttpClientConnectionManager connectionPool(int capacity) {
    int size = Math.max(1, capacity) + 2;
    return PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(size).setMaxConnTotal(size).build();
  }

  /** How many connections this transport's calls may hold at once (for tests). */
  int connectionLimit() {
    return connections.getDefaultMaxPerRoute();
  }

  private EngineClient client(int maxTasks) {
    return clients.computeIfAbsent(maxTasks, n -> newClient(n, longPoll.plus(FETCH_MARGIN)));
  }

  /** A client of the engine's external task API fetching at most {@code maxTasks}, waiting {@code answerWithin}. */
  private EngineClient newClient(int maxTasks, Duration answerWithin) {
    var builder = ExternalTaskClient.create().baseUrl(http.restBase()).workerId(workerId).maxTasks(maxTasks)
        .asyncResponseTimeout(longPoll.toMillis()).disableAutoFetching().disableBackoffStrategy()
        // The jobs that waited longest first; jobs have no priorities. The engine app's indexes
        // (FetchIndexes) let the database read them in that order and stop at maxTasks.
        .usePriority(false).orderByCreateTime().asc()
        // No silent re-sends: a fetch the engine ended (503, replaced by a newer one of this worker)
        // must stay ended; the agent's own loops retry what failed.
        .customizeHttpClient(client -> client.disableAutomaticRetries().setDefaultRequestConfig(RequestConfig
            .custom().setResponseTimeout(Timeout.ofMilliseconds(answerWithin.toMillis())).build())
            .setConnectionManager(connections).setConnectionManagerShared(true));
    if (http.user() != null && !http.user().isBlank()) {
      builder.addInterceptor(new BasicAuthProvider(http.user(), http.password()));
    }
    builder.addInterceptor(request -> {
      request.addHeader(Protocol.HEADER, Integer.toString(Protocol.VERSION));
      Map<String, String> naming = fetchHeaders.get();
      if (naming != null) {
        if (!beginSending()) {
          // the stop came while this fetch was being made: it is never sent
          throw new FetchStoppedException();
        }
        naming.forEach(request::addHeader);
      }
    });
    ExternalTaskClientImpl client = (ExternalTaskClientImpl) builder.build();
    return client.getTopicSubscriptionManager().getEngineClient();
  }

  /**
   * Runs each fetch on a thread of its own so that {@link #stopFetching} can end the wait at once:
   * the client's HTTP request cannot be aborted.
   */
  public List<FetchedTask> fetch(int maxTasks, List<String> topics, Duration lock) {
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

  /**
   * Ends fetching: no fetch is sent from now on, and the one waiting in the engine (a long poll) is
   * ended at once, so that it locks no job created meanwhile for an agent that is going away.
   *
   * <p>The engine ends a waiting fetch when a newer fetch of the same worker id arrives
   * (unique-worker-request, on in the engine app): this sends one that asks for a topic no job has and
   * waits 1 ms. A fetch whose request was on its way as the stop came may reach the engine after that
   * newer fetch and wait there; so while a sent fetch has no answer, the newer fetch is sent again,
   * a few times, each after a short wait for the answer.
   */
  public void stopFetching() {
    synchronized (this) {
      fetchingStopped = true;
      if (pendingFetch != null) {
        pendingFetch.cancel(false);
      }
    }
    for (int round = 0; round < STOP_ROUNDS; round++) {
      if (!endWaitingFetch()) {
        return; // out of reach: a waiting fetch ended with the connection, or times out by itself
      }
      synchronized (this) {
        long until = System.nanoTime() + STOP_WAIT.toNanos();
        while (sending && System.nanoTime() < until) {
          try {
            wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (!sending) {
          return;
        }
      }
    }
  }

  /** Sends the fetch that replaces a waiting one of this worker id; false when the engine is out of reach. */
  private boolean endWaitingFetch() {
    String body = "{\"workerId\":" + http.write(workerId) + ",\"maxTasks\":1,\"asyncResponseTimeout\":1,"
        + "\"topics\":[{\"topicName\":\"" + NO_JOBS_TOPIC + "\",\"lockDuration\":1000}]}";
    try {
      http.send(http.rest("/external-task/fetchAndLock").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)), Duration.ofSeconds(2));
      return true;
    } catch (EngineUnavailableException e) {
      return false;
    }
  }

  /** Whether a fetch may be sent now; if so, it counts as sent until {@link #endSending}. */
  private synchronized boolean beginSending() {
    if (fetchingStopped) {
      return false;
    }
    sending = true;
    return true;
  }

  private synchronized void endSending() {
    sending = false;
    notifyAll();
  }

  /** A fetch the stop caught before it was sent. */
  private static final class FetchStoppedException extends RuntimeException {
    FetchStoppedException() {
      super("fetching stopped", null, false, false);
    }
  }

  private List<FetchedTask> fetchNow(int maxTasks, List<String> topics, Duration lock) {
    List<TopicRequestDto> requests = new ArrayList<>();
    for (String topic : topics) {
      TopicRequestDto dto = new TopicRequestDto(topic, lock.toMillis(), null, null);
      dto.setIncludeExtensionProperties(true);
      requests.add(dto);
    }
    String fetchId = incarnation + "-" + (++fetches);
    Map<String, String> naming = new LinkedHashMap<>();
    naming.put(FetchHeaders.FETCH, fetchId);
    naming.put(FetchHeaders.WORKER, URLEncoder.encode(workerId, StandardCharsets.UTF_8));
    if (!lostFetches.isEmpty()) {
      naming.put(FetchHeaders.LOST, String.join(",", lostFetches));
    }
    List<ExternalTask> fetched;
    fetchHeaders.set(naming);
    try {
      fetched = client(maxTasks).fetchAndLock(requests);
    } catch (EngineClientException e) {
      if (stoppedBeforeSending(e)) {
        return List.of();
      }
      lost(fetchId); // no answer: whatever the fetch locked, this agent never starts
      throw unavailableOrRefused("fetch jobs", e);
    } catch (RuntimeException e) {
      if (stoppedBeforeSending(e)) {
        return List.of();
      }
      lost(fetchId); // no answer, or none that could be read
      throw e instanceof ExternalTaskClientException c ? unavailableOrRefused("fetch jobs", c) : e;
    } finally {
      fetchHeaders.remove();
      endSending();
    }
    lostFetches.clear(); // the engine read their names before it answered this fetch
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
          giveBack.accept(t);
        } catch (RuntimeException e) {
          // its lock runs out by itself; its marker, if any, is released when the agent starts again
        }
      }
      return List.of();
    }
    return result;
  }

  private static boolean stoppedBeforeSending(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FetchStoppedException) {
        return true;
      }
    }
    return false;
  }

  /** Remembers a fetch whose answer never arrived, to be named by the next fetch (the latest ones). */
  private void lost(String fetchId) {
    lostFetches.addLast(fetchId);
    while (lostFetches.size() > FetchHeaders.MAX_LOST) {
      lostFetches.removeFirst();
    }
  }

  /** The names of the fetches whose answers never arrived, oldest first, for tests. */
  List<String> lostFetches() {
    return List.copyOf(lostFetches);
  }

  public void unlock(String taskId) {
    try {
      tasks.unlock(new TaskRef(taskId));
    } catch (NotFoundException | BadRequestException e) {
      // gone or no longer ours: nothing to give back
    } catch (ExternalTaskClientException e) {
      throw unavailableOrRefused("unlock job " + taskId, e);
    }
  }

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

  public Delivery complete(String taskId, Map<String, Object> localVariables) {
    return deliver("report of job " + taskId, () -> tasks.complete(taskId, null, localVariables));
  }

  /** The job's retries now (empty: none set yet), or {@code null} when the job is gone. */
  public Optional<Integer> retriesOf(String taskId) {
    HttpResponse<String> r = http.send(http.rest("/external-task/" + taskId).GET());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new EngineUnavailableException("job " + taskId + ": " + r.statusCode() + " " + r.body(), null);
    }
    String retries = http.field(r.body(), "retries");
    return retries == null || "null".equals(retries) ? Optional.empty() : Optional.of(Integer.parseInt(retries));
  }

  public Delivery failure(String taskId, String message, String details, int retries, Duration retryIn) {
    return deliver("failure report of job " + taskId,
        () -> tasks.handleFailure(taskId, message, details, retries, retryIn.toMillis()));
  }

  /**
   * A report: taken; not wanted (the job is gone or no longer this worker's); to be sent again at
   * once (it collided with another change); or, out of reach, kept for later.
   */
  private static Delivery deliver(String what, Runnable report) {
    try {
      report.run();
      return Delivery.ACCEPTED;
    } catch (NotFoundException | BadRequestException e) {
      return Delivery.NOT_WANTED;
    } catch (ExternalTaskClientException e) {
      if (isOptimisticLocking(e)) {
        return Delivery.RETRY;
      }
      throw unavailableOrRefused(what, e);
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

  private static RuntimeException unavailableOrRefused(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RestException r && r.getHttpStatusCode() != null
          && (r.getHttpStatusCode() == 401 || r.getHttpStatusCode() == 403)) {
        return new AccessRefusedException(what + ": the engine refused the agent (" + r.getHttpStatusCode() + ")");
      }
    }
    return new EngineUnavailableException(what + ": " + e.getMessage(), e);
  }

  /** The task service takes task objects for unlock; only the id is read. */
  private static final class TaskRef extends ExternalTaskImpl {
    TaskRef(String id) {
      setId(id);
    }
  }
}
