package dev.jobnet.engine.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The name of each worker's fetch ({@code Jobnet-Fetch}) while its request is being answered: the
 * fetch command, which may run later on Camunda's long-polling thread, files the start markers it
 * writes under it. An agent has one fetch at a time; a newer one replaces the older (Camunda's
 * {@code unique-worker-request}), and so does its name here. Once the request is answered the name is
 * forgotten, so that a later fetch of the same worker id that names itself not is left as it is.
 */
@Component
public class FetchNames {

  /** More workers than any fleet has: beyond it, the names are forgotten and filed again by the next fetches. */
  static final int MAX_WORKERS = 10_000;

  private final Map<String, String> latest = new ConcurrentHashMap<>();

  /** Worker {@code workerId} sent fetch {@code fetchId}. */
  public void sent(String workerId, String fetchId) {
    if (latest.size() >= MAX_WORKERS && !latest.containsKey(workerId)) {
      latest.clear();
    }
    latest.put(workerId, fetchId);
  }

  /** The request of fetch {@code fetchId} was answered (unless a newer fetch of the worker replaced it). */
  public void answered(String workerId, String fetchId) {
    latest.remove(workerId, fetchId);
  }

  /** The name of the worker's fetch being answered: empty when it names none (an older agent, another client). */
  public Optional<String> latestOf(String workerId) {
    return workerId == null ? Optional.empty() : Optional.ofNullable(latest.get(workerId));
  }
}
