package dev.jobnet.agent.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as a cluster of nodes ({@code JOBNET_ENGINE_URL} with several URLs): every call goes to
 * one node, the current one; a call that cannot reach it fails as it would with one node (the
 * caller keeps what it has and tries again later, each call being safe to repeat), and the calls
 * after it go to the next node of the list, round the list. The nodes share one database, so what
 * one node was told the others know. A node that comes back is used again when its turn comes.
 */
public final class FailoverEngineGateway implements EngineGateway {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverEngineGateway.class);

  /** A node: its URL and the gateway that reaches it. */
  public record Node(String url, EngineGateway gateway) {}

  private final List<Node> nodes;
  private final AtomicInteger current = new AtomicInteger();

  public FailoverEngineGateway(List<Node> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no engine node");
    }
    this.nodes = List.copyOf(nodes);
  }

  /** One gateway per URL, made by {@code connect}; a single URL is its gateway itself. */
  public static EngineGateway of(List<String> urls, Function<String, EngineGateway> connect) {
    if (urls.size() == 1) {
      return connect.apply(urls.get(0));
    }
    return new FailoverEngineGateway(urls.stream().map(u -> new Node(u, connect.apply(u))).toList());
  }

  /** The URL of the node calls go to now. */
  public String currentUrl() {
    return nodes.get(current.get()).url();
  }

  /**
   * Checks the nodes in turn from the current one and keeps the first that answers; refused
   * credentials end the check at once (every node has the same users). Unavailable when none answers.
   */
  @Override
  public void checkAccess() {
    int first = current.get();
    EngineUnavailableException last = null;
    for (int i = 0; i < nodes.size(); i++) {
      int index = (first + i) % nodes.size();
      try {
        nodes.get(index).gateway().checkAccess();
        current.set(index);
        return;
      } catch (EngineUnavailableException e) {
        LOG.warn("engine node {} does not answer ({})", nodes.get(index).url(), e.getMessage());
        last = e;
      }
    }
    throw new EngineUnavailableException("no engine node answers (" + nodes.stream().map(Node::url).toList() + ")",
        last);
  }

  @Override
  public List<FetchedTask> fetch(int maxTasks, List<String> topics, Duration lock, Duration longPoll) {
    return call(g -> g.fetch(maxTasks, topics, lock, longPoll));
  }

  /** Every node: a fetch may wait on any of them. */
  @Override
  public void stopFetching() {
    for (Node node : nodes) {
      node.gateway().stopFetching();
    }
  }

  @Override
  public MarkerResult placeStartMarker(String taskId, int attempt) {
    return call(g -> g.placeStartMarker(taskId, attempt));
  }

  @Override
  public Optional<String> registerCallback(String taskId, int attempt) {
    return call(g -> g.registerCallback(taskId, attempt));
  }

  @Override
  public Optional<String> awaitCallback(String taskId, int attempt) {
    return call(g -> g.awaitCallback(taskId, attempt));
  }

  @Override
  public void releaseStartMarker(String taskId, int attempt) {
    call(g -> {
      g.releaseStartMarker(taskId, attempt);
      return null;
    });
  }

  @Override
  public void unlock(String taskId) {
    call(g -> {
      g.unlock(taskId);
      return null;
    });
  }

  @Override
  public long shipOutput(String taskId, int attempt, String stream, long offset, byte[] bytes, Long streamLength) {
    return call(g -> g.shipOutput(taskId, attempt, stream, offset, bytes, streamLength));
  }

  @Override
  public LockState extendLock(String taskId, Duration lock) {
    return call(g -> g.extendLock(taskId, lock));
  }

  @Override
  public Delivery complete(String taskId, Map<String, Object> localVariables) {
    return call(g -> g.complete(taskId, localVariables));
  }

  @Override
  public Optional<Integer> retriesOf(String taskId) {
    return call(g -> g.retriesOf(taskId));
  }

  @Override
  public Delivery failure(String taskId, String message, String details, int retries, Duration retryIn) {
    return call(g -> g.failure(taskId, message, details, retries, retryIn));
  }

  @Override
  public List<String> report(AgentStatus status) {
    return call(g -> g.report(status));
  }

  @Override
  public void stopped() {
    call(g -> {
      g.stopped();
      return null;
    });
  }

  @Override
  public Instant away(Duration backWithin) {
    return call(g -> g.away(backWithin));
  }

  private <T> T call(Function<EngineGateway, T> call) {
    int index = current.get();
    try {
      return call.apply(nodes.get(index).gateway());
    } catch (EngineUnavailableException e) {
      int next = (index + 1) % nodes.size();
      if (current.compareAndSet(index, next)) {
        LOG.warn("engine node {} does not answer ({}); the next calls go to {}", nodes.get(index).url(),
            e.getMessage(), nodes.get(next).url());
      }
      throw e;
    }
  }
}
