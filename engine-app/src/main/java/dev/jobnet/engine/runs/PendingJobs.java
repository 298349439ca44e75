package dev.jobnet.engine.runs;

import java.util.function.Function;

/**
 * Why jobs wait for an agent, by the topic they wait on ({@code jobnet.<server>}), for the run tree:
 * e.g. every agent of their server is offline. A snapshot per run tree; {@code null} when nothing is
 * worth saying.
 */
public interface PendingJobs {

  Function<String, String> whyWaiting();

  /** Says nothing: for an engine without a registry. */
  PendingJobs SILENT = () -> topic -> null;
}
