package dev.jobnet.converter.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a jobnet: a command, an HTTP request, a nested jobnet or the expansion of another root
 * jobnet.
 *
 * @param id the id, unique within its jobnet
 * @param name display name, or {@code null}
 * @param next the jobs that follow this one, in the same jobnet
 */
public record Job(String id, String name, Location location, Action action, List<Ref> next, Settings settings) {

  public Job {
    next = List.copyOf(next);
  }

  public String displayName() {
    return name != null ? name : id;
  }

  /** What a job does. */
  public sealed interface Action permits Run, Http, Nested, Expand {}

  /** Runs a command line on a worker agent. */
  public record Run(String command) implements Action {}

  /**
   * Sends an HTTP request from a worker agent ({@code http:}), its {@code ${param:NAME}} and
   * {@code ${secret:NAME}} pieces as written.
   *
   * @param url the URL
   * @param method GET, POST, PUT, PATCH or DELETE
   * @param headers the request headers in written order
   * @param bodyJson the body as JSON text, or null for none
   * @param callback whether the backend reports the result later to the job's callback URL
   */
  public record Http(String url, String method, Map<String, String> headers, String bodyJson,
      boolean callback) implements Action {

    public Http {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
  }

  /** Runs a nested jobnet. */
  public record Nested(JobnetBody body) implements Action {}

  /** Runs another root jobnet by reference. */
  public record Expand(Ref root) implements Action {}

  /** A reference to a job or root jobnet id, with where it was written. */
  public record Ref(String id, Location location) {}
}
