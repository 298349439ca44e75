package dev.jobnet.converter.authored;

import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.model.RetrySettings;
import dev.jobnet.converter.yaml.Durations;
import dev.jobnet.converter.model.Settings;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.RetryPolicy;
import dev.jobnet.protocol.http.HttpJobSpec;
import dev.jobnet.protocol.http.Placeholders;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoublePredicate;
import org.w3c.dom.Element;

/**
 * The settings of one job drawn in BPMN, checked with the rules of the YAML ({@code docs/modeler.md}):
 * the command, the timeout, the retry policy, the working directory and the environment, each written
 * resolved (built-in values for what is not given, durations as ISO-8601, one property per variable).
 */
final class JobSettings {

  /** A property as written, with its element for locating findings. */
  record Written(String value, Element element) {}

  /**
   * The one-field form of a job's environment the Modeler template edits: {@code NAME=value} entries
   * separated by {@code ;} or line breaks.
   */
  static final String ENV_LINES = "jobnet.env";

  /** The settings a job may carry (besides {@code jobnet.env.NAME}). */
  static final Set<String> NAMES = Set.of(BpmnProperties.COMMAND, BpmnProperties.TIMEOUT,
      BpmnProperties.WORKDIR, BpmnProperties.RETRIES, BpmnProperties.BACKOFF, BpmnProperties.BACKOFF_FACTOR,
      BpmnProperties.MAX_BACKOFF, BpmnProperties.JITTER, ENV_LINES, BpmnProperties.HTTP_URL, BpmnProperties.HTTP_METHOD,
      BpmnProperties.HTTP_BODY, BpmnProperties.HTTP_CALLBACK);

  private final Reporter report;

  JobSettings(Reporter report) {
    this.report = report;
  }

  /**
   * The settings of job {@code jobId} (its service task {@code e}, on {@code server}) as they are
   * deployed, in the converter's order; every mistake in {@code given} is reported.
   */
  Map<String, String> resolve(String jobId, Element e, String server, Map<String, Written> given) {
    Map<String, Written> written = new LinkedHashMap<>(given);
    // A field of the template left empty is a setting not given: the built-in value applies.
    written.entrySet().removeIf(w -> NAMES.contains(w.getKey()) && !w.getKey().equals(BpmnProperties.COMMAND)
        && w.getValue().value().isBlank());
    Map<String, String> props = new LinkedHashMap<>();
    Written command = written.get(BpmnProperties.COMMAND);
    Written url = written.get(BpmnProperties.HTTP_URL);
    if (url != null && !url.value().isBlank() && (command == null || command.value().isBlank())) {
      http(jobId, written, props);
    } else if (command == null || command.value().isBlank()) {
      report.add(FindingCode.EMPTY_COMMAND, command == null ? e : command.element(), "job '" + jobId
          + "' has no command; set the property jobnet.command (the 'Command' field of the 'Jobnet job' template)");
    } else {
      props.put(BpmnProperties.COMMAND, command.value());
    }
    props.put(BpmnProperties.SERVER, server);
    Written timeout = written.get(BpmnProperties.TIMEOUT);
    if (timeout != null) {
      duration(timeout, "jobnet.timeout", false).ifPresent(d -> props.put(BpmnProperties.TIMEOUT, d.toString()));
    }
    retry(written, jobId, e).ifPresent(r -> {
      props.put(BpmnProperties.RETRIES, Integer.toString(r.retries()));
      props.put(BpmnProperties.BACKOFF, r.backoff().toString());
      props.put(BpmnProperties.BACKOFF_FACTOR, Double.toString(r.factor()));
      props.put(BpmnProperties.MAX_BACKOFF, r.maxBackoff().toString());
      props.put(BpmnProperties.JITTER, Double.toString(r.jitter()));
    });
    Written workdir = written.get(BpmnProperties.WORKDIR);
    if (workdir != null) {
      props.put(BpmnProperties.WORKDIR, workdir.value());
    }
    env(written).forEach((name, value) -> props.put(BpmnProperties.env(name), value));
    Written lines = written.get(ENV_LINES);
    if (lines != null) {
      props.put(ENV_LINES, lines.value());
    }
    return props;
  }

  /**
   * The request of an http job (its property {@code jobnet.http.url}), in the converter's order: its
   * method checked, its headers and body kept as written.
   */
  private void http(String jobId, Map<String, Written> written, Map<String, String> props) {
    Written url = written.get(BpmnProperties.HTTP_URL);
    if (HttpJobSpec.urlProblem(url.value().strip()).isPresent() || Placeholders.malformed(url.value()).isPresent()) {
      report.add(FindingCode.INVALID_VALUE, url.element(), "jobnet.http.url of '" + jobId + "' is not an absolute http"
          + " or https URL with ${param:NAME} and ${secret:NAME} placeholders: '" + url.value() + "'");
    }
    props.put(BpmnProperties.HTTP_URL, url.value().strip());
    Written method = written.get(BpmnProperties.HTTP_METHOD);
    String m = method == null || method.value().isBlank() ? "POST" : method.value().strip().toUpperCase(Locale.ROOT);
    if (!HttpJobSpec.METHODS.contains(m)) {
      report.add(FindingCode.INVALID_VALUE, method.element(), "jobnet.http.method of '" + jobId + "' is none of GET,"
          + " POST, PUT, PATCH, DELETE: '" + method.value() + "'");
    }
    props.put(BpmnProperties.HTTP_METHOD, m);
    written.forEach((name, w) -> {
      if (name.startsWith(BpmnProperties.HTTP_HEADER_PREFIX)) {
        props.put(name, w.value());
      }
    });
    Written body = written.get(BpmnProperties.HTTP_BODY);
    if (body != null && !body.value().isBlank()) {
      props.put(BpmnProperties.HTTP_BODY, body.value());
    }
    Written callback = written.get(BpmnProperties.HTTP_CALLBACK);
    if (callback != null && callback.value().strip().equalsIgnoreCase("true")) {
      props.put(BpmnProperties.HTTP_CALLBACK, "true");
    }
  }

  private Optional<RetryPolicy> retry(Map<String, Written> written, String jobId, Element task) {
    RetryPolicy d = RetryPolicy.DEFAULT;
    boolean ok = true;
    int retries = d.retries();
    Written r = written.get(BpmnProperties.RETRIES);
    if (r != null) {
      try {
        retries = Integer.parseInt(r.value().strip());
        ok = retries >= 0 && retries <= RetrySettings.MAX_RETRIES;
      } catch (NumberFormatException e) {
        ok = false;
      }
      if (!ok) {
        report.add(FindingCode.INVALID_RETRY, r.element(), "jobnet.retries of '" + jobId + "' must be a whole number from 0"
            + " (never run again) to " + RetrySettings.MAX_RETRIES + ", found '" + r.value() + "'");
      }
    }
    Optional<Duration> backoff = optionalDuration(written.get(BpmnProperties.BACKOFF), "jobnet.backoff", d.backoff());
    Optional<Duration> max = optionalDuration(written.get(BpmnProperties.MAX_BACKOFF), "jobnet.maxBackoff",
        d.maxBackoff());
    if (backoff.isPresent() && max.isPresent() && max.get().compareTo(backoff.get()) < 0) {
      report.add(FindingCode.INVALID_RETRY, written.get(BpmnProperties.MAX_BACKOFF) != null
          ? written.get(BpmnProperties.MAX_BACKOFF).element() : task, "jobnet.maxBackoff "
          + Durations.format(max.get()) + " of '" + jobId + "' is shorter than jobnet.backoff "
          + Durations.format(backoff.get()) + "; the cap must be at least the first wait");
      ok = false;
    }
    Optional<Double> factor = number(written.get(BpmnProperties.BACKOFF_FACTOR), d.factor(), RetrySettings::isFactor,
        "jobnet.backoffFactor must be " + RetrySettings.FACTOR_RULE);
    Optional<Double> jitter = number(written.get(BpmnProperties.JITTER), d.jitter(), RetrySettings::isJitter,
        "jobnet.jitter must be " + RetrySettings.JITTER_RULE);
    if (!ok || backoff.isEmpty() || max.isEmpty() || factor.isEmpty() || jitter.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RetryPolicy(retries, backoff.get(), factor.get(), max.get(), jitter.get()));
  }

  private Optional<Duration> optionalDuration(Written w, String name, Duration fallback) {
    return w == null ? Optional.of(fallback) : duration(w, name, true);
  }

  private Optional<Duration> duration(Written w, String name, boolean zeroAllowed) {
    Optional<Duration> d = Durations.parse(w.value());
    if (d.isEmpty() || d.get().isNegative() || !zeroAllowed && d.get().isZero()) {
      report.add(FindingCode.INVALID_DURATION, w.element(), name + " '" + w.value() + "' is not a duration"
          + (zeroAllowed ? "" : " longer than zero") + "; write it as 30s, 10m, 2h, 1h30m or ISO-8601 (PT2H)");
      return Optional.empty();
    }
    return d;
  }

  private Optional<Double> number(Written w, double fallback, DoublePredicate allowed, String rule) {
    if (w == null) {
      return Optional.of(fallback);
    }
    try {
      double v = Double.parseDouble(w.value().strip());
      if (allowed.test(v)) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    report.add(FindingCode.INVALID_RETRY, w.element(), rule + ", found '" + w.value() + "'");
    return Optional.empty();
  }

  /** The environment from jobnet.env.NAME properties and the entries of jobnet.env, names checked. */
  private Map<String, String> env(Map<String, Written> written) {
    Map<String, String> env = new TreeMap<>();
    Map<String, Element> from = new HashMap<>();
    for (Map.Entry<String, Written> p : written.entrySet()) {
      if (p.getKey().startsWith(BpmnProperties.ENV_PREFIX)) {
        String name = p.getKey().substring(BpmnProperties.ENV_PREFIX.length());
        if (envName(name, p.getValue().element())) {
          env.put(name, p.getValue().value());
          from.put(name, p.getValue().element());
        }
      }
    }
    Written lines = written.get(ENV_LINES);
    if (lines != null) {
      for (String line : lines.value().split("\\R|;")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int eq = l.indexOf('=');
        if (eq <= 0) {
          report.add(FindingCode.INVALID_VALUE, lines.element(), "jobnet.env entry '" + l + "' is not NAME=value; write"
              + " variables as NAME=value separated by ';', such as LANG=C.UTF-8;MODE=full");
          continue;
        }
        String name = l.substring(0, eq).strip();
        String value = l.substring(eq + 1);
        if (!envName(name, lines.element())) {
          continue;
        }
        String before = env.put(name, value);
        if (before != null && !before.equals(value) || from.containsKey(name) && !written.get(BpmnProperties.env(name))
            .value().equals(value)) {
          report.add(FindingCode.DUPLICATE_KEY, lines.element(), "environment variable " + name + " is given twice with"
              + " different values; keep one");
        }
        from.putIfAbsent(name, lines.element());
      }
    }
    return env;
  }

  private boolean envName(String name, Element at) {
    Optional<String> problem = Settings.envNameProblem(name);
    problem.ifPresent(p -> report.add(FindingCode.INVALID_VALUE, at, p));
    return problem.isEmpty();
  }

}
