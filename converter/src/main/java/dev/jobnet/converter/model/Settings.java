package dev.jobnet.converter.model;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings a job inherits from its jobnets and the file's {@code defaults}. A {@code null} field means
 * "not set here, inherit"; {@link #inheritFrom} resolves one level.
 */
public record Settings(String server, RetrySettings retry, Duration timeout, String workdir, Map<String, String> env) {

  public static final String DEFAULT_SERVER = "default";
  public static final Settings NONE = new Settings(null, null, null, null, Map.of());
  public static final Settings BUILT_IN =
      new Settings(DEFAULT_SERVER, RetrySettings.BUILT_IN, null, null, Map.of());

  public Settings {
    // Sorted by name: Map.copyOf iterates in an order that changes from one JVM to the next, which made
    // the BPMN of an unchanged jobnet differ between runs (and the engine deploy it again as a new version).
    env = env == null || env.isEmpty() ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(env));
  }

  /** These settings, with every unset field taken from {@code outer}; environments are merged. */
  public Settings inheritFrom(Settings outer) {
    Map<String, String> mergedEnv;
    if (outer.env.isEmpty()) {
      mergedEnv = env;
    } else if (env.isEmpty()) {
      mergedEnv = outer.env;
    } else {
      var m = new java.util.TreeMap<>(outer.env);
      m.putAll(env);
      mergedEnv = m;
    }
    return new Settings(
        server != null ? server : outer.server,
        retry != null ? retry.inheritFrom(outer.retry) : outer.retry,
        timeout != null ? timeout : outer.timeout,
        workdir != null ? workdir : outer.workdir,
        mergedEnv);
  }
}
