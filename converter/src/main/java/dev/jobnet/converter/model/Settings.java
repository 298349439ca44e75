package dev.jobnet.converter.model;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Settings a job inherits from its jobnets and the file's {@code defaults}. A {@code null} field means
 * "not set here, inherit"; {@link #inheritFrom} resolves one level.
 */
public record Settings(String server, RetrySettings retry, Duration timeout, String workdir, Map<String, String> env) {

  public static final String DEFAULT_SERVER = "default";
  /** What a server name may hold, completing "server 'x' is not allowed; ". */
  public static final String SERVER_RULE = "use letters, digits, '.', '_' and '-', at most 64 characters";

  private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  public static final Settings NONE = new Settings(null, null, null, null, Map.of());
  public static final Settings BUILT_IN =
      new Settings(DEFAULT_SERVER, RetrySettings.BUILT_IN, null, null, Map.of());

  public Settings {
    // Sorted by name: Map.copyOf iterates in an order that changes from one JVM to the next, which made
    // the BPMN of an unchanged jobnet differ between runs (and the engine deploy it again as a new version).
    env = env == null || env.isEmpty() ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(env));
  }

  /** Whether {@code server} is a server name (it becomes the topic {@code jobnet.<server>}). */
  public static boolean isServer(String server) {
    return SERVER.matcher(server).matches();
  }

  /** Why {@code name} cannot be an environment variable of a job, or empty when it can. */
  public static Optional<String> envNameProblem(String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      return Optional.of("environment variable name '" + name
          + "' is not allowed; use letters, digits and '_', not starting with a digit");
    }
    if (name.startsWith("MM_") || name.startsWith("JOBNET_")) {
      return Optional.of("environment variable '" + name
          + "' is reserved: MM_* and JOBNET_* are set by the scheduler; choose another name");
    }
    return Optional.empty();
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
