package dev.jobnet.agent.logging;

import java.util.Locale;
import java.util.Map;

/** The agent's log lines ({@code JOBNET_AGENT_LOG_FORMAT}): text (the default) or JSON, one object a line. */
public enum LogFormat {

  TEXT("logback.xml"),
  JSON("logback-json.xml");

  public static final String VARIABLE = "JOBNET_AGENT_LOG_FORMAT";

  private final String configuration;

  LogFormat(String configuration) {
    this.configuration = configuration;
  }

  /** The format the environment asks for; a clear error for anything else. */
  public static LogFormat of(Map<String, String> env) {
    String value = env.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return TEXT;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(VARIABLE + " must be text or json, was '" + value + "'");
    }
  }

  /**
   * Points logback at this format's configuration (a resource of the agent's jar). Call before the
   * first logger is made; a {@code -Dlogback.configurationFile} given on the command line wins.
   */
  public void apply() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", configuration);
    }
  }
}
