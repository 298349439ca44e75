package dev.jobnet.agent.runtime;

import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.engine.FetchedTask;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** An engine for unit tests of the agent's logic: records every call, answers as told. */
final class RecordingEngine implements EngineGateway {

  final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  final Deque<Object> answers = new ArrayDeque<>();

  /** The next answers of complete/failure: a {@link Delivery} or a RuntimeException to throw. */
  RecordingEngine answer(Object... next) {
    answers.addAll(List.of(next));
    return this;
  }

  private Delivery next() {
    Object a = answers.isEmpty() ? Delivery.ACCEPTED : answers.poll();
    if (a instanceof RuntimeException e) {
      throw e;
    }
    return (Delivery) a;
  }

  @Override
  public void checkAccess() {
    calls.add("checkAccess");
  }

  private final java.util.concurrent.CountDownLatch fetchingStopped = new java.util.concurrent.CountDownLatch(1);

  /** Like a long poll on an engine without jobs: waits the whole long poll, unless fetching is stopped. */
  @Override
  public List<FetchedTask> fetch(int maxTasks, List<String> topics, Duration lock, Duration longPoll) {
    calls.add("fetch " + maxTasks);
    try {
      fetchingStopped.await(longPoll.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }

  @Override
  public void stopFetching() {
    calls.add("stopFetching");
    fetchingStopped.countDown();
  }

  @Override
  public MarkerResult placeStartMarker(String taskId, int attempt) {
    calls.add("marker " + taskId + " " + attempt);
    return MarkerResult.PLACED;
  }

  /** The callback URL the engine gives an http job with callback: true. */
  String callbackUrl = "http://engine.test/jobnet-api/callbacks/token-1";
  /** What the engine answers when an http job is handed over. */
  String handedOverState = "WAITING";

  @Override
  public java.util.Optional<String> registerCallback(String taskId, int attempt) {
    calls.add("callback " + taskId + " " + attempt);
    return java.util.Optional.ofNullable(callbackUrl);
  }

  @Override
  public java.util.Optional<String> awaitCallback(String taskId, int attempt) {
    calls.add("await-callback " + taskId + " " + attempt);
    return java.util.Optional.ofNullable(handedOverState);
  }

  @Override
  public void releaseStartMarker(String taskId, int attempt) {
    calls.add("release " + taskId + " " + attempt);
  }

  /** The head and tail the engine keeps, as its output window: -1 keeps everything. */
  long keptHead = -1;
  long keptTail;

  @Override
  public long shipOutput(String taskId, int attempt, String stream, long offset, byte[] bytes, Long streamLength) {
    calls.add("output " + taskId + " " + stream + " " + offset + "+" + bytes.length
        + (streamLength == null ? "" : " of " + streamLength));
    long received = offset + bytes.length;
    if (streamLength != null && keptHead >= 0 && received >= keptHead) {
      return Math.max(received, streamLength - keptTail);
    }
    return received;
  }

  @Override
  public void unlock(String taskId) {
    calls.add("unlock " + taskId);
  }

  /** The lock each task's last {@link #extendLock} asked for. */
  final Map<String, Duration> locks = new java.util.concurrent.ConcurrentHashMap<>();

  /** What {@link #extendLock} answers. */
  volatile LockState lockAnswer = LockState.HELD;

  @Override
  public LockState extendLock(String taskId, Duration lock) {
    calls.add("extendLock " + taskId);
    locks.put(taskId, lock);
    return lockAnswer;
  }

  @Override
  public Delivery complete(String taskId, Map<String, Object> localVariables) {
    calls.add("complete " + taskId + " " + new java.util.TreeMap<>(localVariables));
    return next();
  }

  /** What {@link #retriesOf} answers: empty (not set), a count, or null (the job is gone). */
  java.util.Optional<Integer> retries = java.util.Optional.empty();

  @Override
  public java.util.Optional<Integer> retriesOf(String taskId) {
    calls.add("retriesOf " + taskId);
    return retries;
  }

  @Override
  public Delivery failure(String taskId, String message, String details, int retries, Duration retryIn) {
    calls.add("failure " + taskId + " '" + message + "' retries=" + retries + " in=" + retryIn.toMillis());
    return next();
  }

  static EngineUnavailableException unreachable() {
    return new EngineUnavailableException("connection refused", null);
  }

  /** Whether the registry is out of reach (its reports fail as a cut connection does). */
  volatile boolean registryDown;

  @Override
  public java.util.List<String> report(dev.jobnet.agent.engine.AgentStatus status) {
    calls.add("report " + status.running().size());
    if (registryDown) {
      throw unreachable();
    }
    return java.util.List.of();
  }

  @Override
  public void stopped() {
    calls.add("stopped");
  }

  @Override
  public java.time.Instant away(java.time.Duration backWithin) {
    calls.add("away " + backWithin);
    if (registryDown) {
      throw unreachable();
    }
    return java.time.Instant.now().plus(backWithin);
  }
}
