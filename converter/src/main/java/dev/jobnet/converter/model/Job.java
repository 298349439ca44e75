package dev.jobnet.converter.model;

import java.util.List;

/**
 * One node of a jobnet: a command, a nested jobnet or the expansion of another root jobnet.
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
  public sealed interface Action permits Run, Nested, Expand {}

  /** Runs a command line on a worker agent. */
  public record Run(String command) implements Action {}

  /** Runs a nested jobnet. */
  public record Nested(JobnetBody body) implements Action {}

  /** Runs another root jobnet by reference. */
  public record Expand(Ref root) implements Action {}

  /** A reference to a job or root jobnet id, with where it was written. */
  public record Ref(String id, Location location) {}
}
