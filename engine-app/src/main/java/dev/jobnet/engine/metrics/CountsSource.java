package dev.jobnet.engine.metrics;

import java.time.Instant;

/** Where the gauges' counts come from: the database ({@link DatabaseCounts}); tests count the reads. */
interface CountsSource {

  /** The counts now; {@code now} decides which locks have expired. */
  EngineCounts read(Instant now);
}
