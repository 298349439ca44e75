package dev.jobnet.agent.http;

import dev.jobnet.protocol.http.Secrets;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The secrets of this agent's configuration that http jobs name as {@code ${secret:NAME}}: the
 * environment variable {@code JOBNET_SECRET_<NAME>} ({@link Secrets#variable}), else the line
 * {@code NAME=value} of the properties file named by {@code JOBNET_AGENT_SECRETS_FILE}. Values never
 * leave the agent but in the requests that name them: not in logs, not in outputs, not in reports.
 */
public final class AgentSecrets {

  /** The environment variable that names the secrets file. */
  public static final String FILE_VARIABLE = "JOBNET_AGENT_SECRETS_FILE";

  private final Map<String, String> environment;
  private final Map<String, String> file;

  private AgentSecrets(Map<String, String> environment, Map<String, String> file) {
    this.environment = Map.copyOf(environment);
    this.file = Map.copyOf(file);
  }

  /**
   * The secrets of an agent started with {@code environment}.
   *
   * @throws IllegalArgumentException when the secrets file is named but cannot be read
   */
  public static AgentSecrets of(Map<String, String> environment) {
    String name = environment.get(FILE_VARIABLE);
    Map<String, String> fromFile = new HashMap<>();
    if (name != null && !name.isBlank()) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException(FILE_VARIABLE + "=" + name + ": the secrets file cannot be read ("
            + e.getMessage() + "); fix the path or its permissions, or unset " + FILE_VARIABLE);
      }
      p.stringPropertyNames().forEach(k -> fromFile.put(k.trim(), p.getProperty(k)));
    }
    return new AgentSecrets(environment, fromFile);
  }

  /** The secret {@code name}, if this agent has it. */
  public Optional<String> get(String name) {
    String v = environment.get(Secrets.variable(name));
    return Optional.ofNullable(v != null ? v : file.get(name));
  }
}
