package dev.jobnet.engine.logging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * How the engine writes its log to standard output, from {@code jobnet.log.format} ({@code
 * JOBNET_LOG_FORMAT}): {@code text} lines (Spring Boot's, with the job of a line in brackets), or
 * {@code json}, one JSON object per line (Spring Boot's structured logging in the Logstash format:
 * {@code @timestamp}, {@code level}, {@code logger_name}, {@code message}, and the MDC keys of the job
 * at the top level, {@code rootRunId}, {@code runId}, {@code jobPath}, {@code taskId}, {@code
 * attempt}, {@code agent}). Applied before logging starts; an operator's own {@code
 * logging.structured.format.console} wins. Any other value stops the start with a message that
 * names the choices.
 */
public enum LogFormat {
  TEXT,
  JSON;

  static final String PROPERTY = "jobnet.log.format";
  static final String STRUCTURED = "logging.structured.format.console";

  /** The format a setting names, case-insensitive; blank is {@link #TEXT}. */
  public static LogFormat of(String value) {
    if (value == null || value.isBlank()) {
      return TEXT;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Invalid("JOBNET_LOG_FORMAT (" + PROPERTY + ") is '" + value + "': use one of "
          + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  /** A setting that names no format; the start stops with Spring Boot's short report ({@link Analyzer}). */
  static final class Invalid extends IllegalStateException {
    Invalid(String message) {
      super(message);
    }
  }

  /** Spring Boot's "APPLICATION FAILED TO START" report instead of a stack trace. */
  static final class Analyzer extends AbstractFailureAnalyzer<Invalid> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, Invalid cause) {
      return new FailureAnalysis(cause.getMessage(), "Set JOBNET_LOG_FORMAT to text (the default) or json, or leave it"
          + " unset.", cause);
    }
  }

  /** Sets Spring Boot's structured console format for {@link #JSON}. */
  static final class Environment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
      if (of(environment.getProperty(PROPERTY)) == JSON && !environment.containsProperty(STRUCTURED)) {
        environment.getPropertySources().addFirst(new MapPropertySource("jobnetLogFormat", Map.of(STRUCTURED, "logstash")));
      }
    }
  }
}
