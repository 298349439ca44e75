package dev.jobnet.engine.jobs;

import java.util.List;

/**
 * What becomes of the jobs of fetches their agent says it never received ({@link LostFetches}): given
 * back at once, and, where the watchdog or the re-delivery guard made one STUCK meanwhile (the agent
 * was out of reach longer than its offline timeout), no longer STUCK. Implemented beside the watchdog
 * ({@code agents.StuckJobs}), which owns the STUCK states.
 */
public interface LostFetchRelease {

  /** Gives back the jobs the fetches wrote markers for, and still held by {@code agent}; their ids. */
  List<String> releaseLost(String agent, List<String> fetchIds);
}
