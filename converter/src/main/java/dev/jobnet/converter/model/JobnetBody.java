package dev.jobnet.converter.model;

import java.util.List;
import java.util.Optional;

/**
 * The jobs of a jobnet in written order, with the jobnet's own settings and its optional
 * {@code finally}.
 */
public record JobnetBody(Location location, List<Job> jobs, Settings settings, Optional<JobnetBody> finallyBody) {

  public JobnetBody {
    jobs = List.copyOf(jobs);
  }

  /** A jobnet in which no job names a {@code next} runs its jobs in written order. */
  public boolean isSequential() {
    return jobs.stream().allMatch(j -> j.next().isEmpty());
  }
}
