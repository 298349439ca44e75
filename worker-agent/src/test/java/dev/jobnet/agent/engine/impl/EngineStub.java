package dev.jobnet.agent.engine.impl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free port that answers as the engine app would, one answer per request
 * path (the longest matching prefix wins), and records each request: for the transports' tests,
 * which check what the agent sends and what it makes of each answer.
 */
final class EngineStub implements AutoCloseable {

  /** A request as the server received it. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** An answer: status, JSON body (empty: none). */
  record Answer(int status, String body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final HttpServer server;

  EngineStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a held fetch blocks no other call
    server.start();
  }

  /** Answers requests whose path (with query) starts with {@code pathPrefix}. */
  EngineStub on(String pathPrefix, int status, String body) {
    answers.put(pathPrefix, new Answer(status, body));
    return this;
  }

  /**
   * Fetches for jobs wait, as a long poll in the engine does, until {@code stops} fetches that end a
   * waiting one (topic {@code -no-jobs}) have arrived in all, and are then answered 503, as the engine
   * answers a waiting fetch a newer one of its worker replaced. With 2, the first such fetch counts as
   * one that arrived before the waiting fetch did.
   */
  EngineStub holdFetchesUntilStops(int stops) {
    holdUntilStops = stops;
    return this;
  }

  int stopsReceived() {
    return stopsReceived.get();
  }

  private volatile int holdUntilStops;
  private final java.util.concurrent.atomic.AtomicInteger stopsReceived = new java.util.concurrent.atomic.AtomicInteger();

  /** Waits for a fetch for jobs that is now held. */
  boolean awaitHeldFetch(java.time.Duration within) throws InterruptedException {
    long until = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < until) {
      if (held.get() > 0) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  /** How many fetches for jobs are held now. */
  int heldFetches() {
    return held.get();
  }

  private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

  private boolean holdFetch(String path, String body) {
    if (!path.startsWith("/engine-rest/external-task/fetchAndLock")) {
      return false;
    }
    if (body.contains("-no-jobs")) {
      synchronized (stopsReceived) {
        stopsReceived.incrementAndGet();
        stopsReceived.notifyAll();
      }
      return false;
    }
    if (holdUntilStops == 0) {
      return false;
    }
    held.incrementAndGet();
    synchronized (stopsReceived) {
      waitOn(stopsReceived, () -> stopsReceived.get() >= holdUntilStops);
    }
    held.decrementAndGet();
    return true;
  }

  /**
   * Holds each request whose path ends with {@code pathEnd} until {@code count} of them are in the
   * stub at once (or 10 s passed), and remembers the most that were.
   */
  EngineStub gatherUntilConcurrent(String pathEnd, int count) {
    gatherPathEnd = pathEnd;
    gatherCount = count;
    return this;
  }

  /** The most requests gathered by {@link #gatherUntilConcurrent} that were in the stub at once. */
  int mostGatheredAtOnce() {
    return mostGathered.get();
  }

  private volatile String gatherPathEnd;
  private volatile int gatherCount;
  private final java.util.concurrent.atomic.AtomicInteger gathered = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger mostGathered = new java.util.concurrent.atomic.AtomicInteger();

  private void gather(String path) {
    if (gatherPathEnd == null || !path.endsWith(gatherPathEnd)) {
      return;
    }
    synchronized (gathered) {
      mostGathered.accumulateAndGet(gathered.incrementAndGet(), Math::max);
      gathered.notifyAll();
      waitOn(gathered, () -> mostGathered.get() >= gatherCount);
    }
    gathered.decrementAndGet();
  }

  /** Waits on {@code monitor} (held by the caller) until {@code done} or 10 s have passed. */
  private static void waitOn(Object monitor, java.util.function.BooleanSupplier done) {
    long until = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < until) {
      try {
        monitor.wait(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  String restUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/engine-rest";
  }

  Request last() {
    return requests.get(requests.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().toString();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
    gather(path);
    Answer answer = holdFetch(path, body)
        ? new Answer(503, "{\"type\":\"RestException\",\"message\":\"replaced by a newer fetch of its worker\"}")
        : null;
    answer = answer != null ? answer : answers.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
        .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length())).map(Map.Entry::getValue)
        .orElse(new Answer(404, "{\"type\":\"NotFound\",\"message\":\"no answer for " + path + "\"}"));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    if (!answer.body().isEmpty()) {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
