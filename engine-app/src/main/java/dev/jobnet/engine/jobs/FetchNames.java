package dev.jobnet.engine.jobs;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The name of the fetch ({@code Jobnet-Fetch}) being answered at once on this thread: the fetch
 * command runs first on its request's own thread, where the jobs it locks are handed to an agent that
 * is waiting for the answer, and only there are their start markers written.
 *
 * <p>A fetch that finds nothing waits (long polling) and is answered later from Camunda's own thread,
 * when jobs are created: by then its agent may have died (Camunda answers a waiting fetch even when
 * nobody reads the answer any more), and a marker written for such a job would make it STUCK instead
 * of handing it to the next agent once the lock runs out. Those jobs carry no name here, so they are
 * not marked, and their agent, if alive, places the marker with its own request as before.
 */
@Component
public class FetchNames {

  private record Named(String workerId, String fetchId) {}

  private final ThreadLocal<Named> answering = new ThreadLocal<>();

  /** Worker {@code workerId}'s fetch {@code fetchId} is being answered on this thread, until {@link #answered}. */
  public void answering(String workerId, String fetchId) {
    answering.set(new Named(workerId, fetchId));
  }

  /** The fetch's first answer (or its wait) is settled on this thread. */
  public void answered() {
    answering.remove();
  }

  /** The name of the fetch of {@code workerId} this thread is answering at once; empty for any other. */
  public Optional<String> answeringNow(String workerId) {
    Named named = answering.get();
    return named != null && named.workerId().equals(workerId) ? Optional.of(named.fetchId()) : Optional.empty();
  }
}
