package dev.jobnet.agent.engine;

import dev.jobnet.agent.engine.impl.EngineHttp;
import dev.jobnet.agent.engine.impl.ExternalTaskTransport;
import dev.jobnet.agent.engine.impl.JobnetApiTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine app as the agent reaches it: Camunda's external task API through the external task
 * client ({@link ExternalTaskTransport}) and the jobnet API beside it ({@link JobnetApiTransport}),
 * both with the agent's credentials and protocol version ({@link EngineHttp}).
 */
public final class CamundaEngineGateway implements EngineGateway {

  private final ExternalTaskTransport externalTasks;
  private final JobnetApiTransport jobnetApi;

  /** @param capacity how many jobs the agent runs at once (each may call the engine at the same time) */
  public CamundaEngineGateway(String engineRestUrl, String workerId, String user, String password, Duration longPoll,
      int capacity) {
    EngineHttp http = new EngineHttp(engineRestUrl, user, password);
    this.externalTasks = new ExternalTaskTransport(http, workerId, longPoll, capacity, this::giveBack);
    this.jobnetApi = new JobnetApiTransport(http, workerId);
  }

  @Override
  public void checkAccess() {
    jobnetApi.checkAccess();
  }

  /** Fetches with the long poll the gateway was made with ({@code longPoll} here is not used). */
  @Override
  public List<FetchedTask> fetch(int maxTasks, List<String> topics, Duration lock, Duration longPoll) {
    return externalTasks.fetch(maxTasks, topics, lock);
  }

  @Override
  public void stopFetching() {
    externalTasks.stopFetching();
  }

  @Override
  public MarkerResult placeStartMarker(String taskId, int attempt) {
    return jobnetApi.placeStartMarker(taskId, attempt);
  }

  @Override
  public Optional<String> registerCallback(String taskId, int attempt) {
    return jobnetApi.registerCallback(taskId, attempt);
  }

  @Override
  public Optional<String> awaitCallback(String taskId, int attempt) {
    return jobnetApi.awaitCallback(taskId, attempt);
  }

  @Override
  public void releaseStartMarker(String taskId, int attempt) {
    jobnetApi.releaseStartMarker(taskId, attempt);
  }

  @Override
  public long shipOutput(String taskId, int attempt, String stream, long offset, byte[] bytes, Long streamLength) {
    return jobnetApi.shipOutput(taskId, attempt, stream, offset, bytes, streamLength);
  }

  @Override
  public void unlock(String taskId) {
    externalTasks.unlock(taskId);
  }

  @Override
  public LockState extendLock(String taskId, Duration lock) {
    return externalTasks.extendLock(taskId, lock);
  }

  @Override
  public Delivery complete(String taskId, Map<String, Object> localVariables) {
    return externalTasks.complete(taskId, localVariables);
  }

  @Override
  public Optional<Integer> retriesOf(String taskId) {
    return externalTasks.retriesOf(taskId);
  }

  @Override
  public Delivery failure(String taskId, String message, String details, int retries, Duration retryIn) {
    return externalTasks.failure(taskId, message, details, retries, retryIn);
  }

  @Override
  public List<String> report(AgentStatus status) {
    return jobnetApi.report(status);
  }

  @Override
  public void stopped() {
    jobnetApi.stopped();
  }

  @Override
  public java.time.Instant away(Duration backWithin) {
    return jobnetApi.away(backWithin);
  }
}
