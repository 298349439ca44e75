package dev.jobnet.engine.metrics;

import java.util.Locale;

/** The states of the {@code jobnet_jobs} gauge: the live states of a job that has an external task. */
public enum JobGaugeState {
  PENDING,
  RUNNING,
  STUCK;

  /** The label value: {@code pending}, {@code running}, {@code stuck}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
