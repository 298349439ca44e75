package dev.jobnet.agent;

import dev.jobnet.protocol.Topics;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How an agent is configured: environment variables ({@code JOBNET_AGENT_NAME}, ...) or the same keys
 * in a properties file named by {@code JOBNET_AGENT_CONFIG} (the environment wins). Durations are
 * ISO-8601 ({@code PT5S}) or plain seconds.
 *
 * @param engineUrl the engine's REST URL ({@code JOBNET_ENGINE_URL}), or the URLs of the nodes of a
 *     cluster separated by commas ({@link #engineUrls})
 * @param servers the servers this agent serves; each is the topic {@code jobnet.<server>}
 * @param capacity how many jobs run at once
 * @param heartbeat how often running jobs' locks are extended
 * @param lock the lock each heartbeat extends to (several heartbeats long)
 * @param stopGrace how long running jobs may go on after SIGTERM before they are stopped
 * @param killGrace between TERM and KILL when a job's process group is stopped
 * @param stop what SIGTERM does with running jobs ({@code JOBNET_AGENT_STOP}, default {@code drain})
 * @param detachFor with {@code detach}: how long the agent says it will be away, and how far it extends
 *     its running jobs' locks beyond their usual lock ({@code JOBNET_AGENT_DETACH_FOR}, default 5 minutes)
 */
public record AgentConfig(
    String engineUrl,
    String user,
    String password,
    String name,
    List<String> servers,
    int capacity,
    Path workDir,
    Duration heartbeat,
    Duration lock,
    Duration longPoll,
    Duration stopGrace,
    Duration killGrace,
    List<Path> allowedCommandDirs,
    StopMode stop,
    Duration detachFor) {

  public static final String DEFAULT_ENGINE_URL = "http://localhost:8080/engine-rest";
  public static final Duration DEFAULT_DETACH_FOR = Duration.ofMinutes(5);

  /** A configuration that drains on SIGTERM (the default). */
  public AgentConfig(String engineUrl, String user, String password, String name, List<String> servers, int capacity,
      Path workDir, Duration heartbeat, Duration lock, Duration longPoll, Duration stopGrace, Duration killGrace,
      List<Path> allowedCommandDirs) {
    this(engineUrl, user, password, name, servers, capacity, workDir, heartbeat, lock, longPoll, stopGrace, killGrace,
        allowedCommandDirs, StopMode.DRAIN, DEFAULT_DETACH_FOR);
  }

  public List<String> topics() {
    return servers.stream().map(Topics::of).toList();
  }

  /** Reads the configuration; throws {@link IllegalArgumentException} naming the bad key. */
  public static AgentConfig load(Map<String, String> environment) {
    Properties file = new Properties();
    String configFile = environment.get("JOBNET_AGENT_CONFIG");
    if (configFile != null && !configFile.isBlank()) {
      try (Reader r = Files.newBufferedReader(Path.of(configFile), StandardCharsets.UTF_8)) {
        file.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the agent configuration file " + configFile + ": " + e);
      }
    }
    Values v = new Values(environment, file);
    String name = v.get("JOBNET_AGENT_NAME", hostName());
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException("JOBNET_AGENT_NAME '" + name + "' is not allowed: letters, digits, '.', '_' and '-'");
    }
    List<String> servers = list(v.get("JOBNET_AGENT_SERVERS", "default"));
    for (String s : servers) {
      if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
        throw new IllegalArgumentException("JOBNET_AGENT_SERVERS: '" + s + "' is not a server name");
      }
    }
    int capacity = v.integer("JOBNET_AGENT_CAPACITY", 4);
    if (capacity < 1 || capacity > 1024) {
      throw new IllegalArgumentException("JOBNET_AGENT_CAPACITY must be from 1 to 1024, not " + capacity);
    }
    Duration heartbeat = v.duration("JOBNET_AGENT_HEARTBEAT", Duration.ofSeconds(5));
    Duration lock = v.duration("JOBNET_AGENT_LOCK", Duration.ofSeconds(30));
    if (lock.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("JOBNET_AGENT_LOCK (" + lock + ") must be at least two heartbeats ("
          + heartbeat + ")");
    }
    String url = v.get("JOBNET_ENGINE_URL", DEFAULT_ENGINE_URL);
    List<String> urls = list(url);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("JOBNET_ENGINE_URL is empty: give the engine's REST URL, or the URLs of"
          + " its nodes separated by commas");
    }
    for (String u : urls) {
      if (!u.startsWith("http://") && !u.startsWith("https://")) {
        throw new IllegalArgumentException("JOBNET_ENGINE_URL '" + u + "' is not an http(s) URL"
            + (urls.size() > 1 ? " (one of the comma-separated engine nodes)" : ""));
      }
    }
    url = String.join(",", urls);
    List<Path> allowed = new ArrayList<>();
    for (String d : list(v.get("JOBNET_AGENT_ALLOWED_DIRS", ""))) {
      allowed.add(Path.of(d));
    }
    return new AgentConfig(url, v.get("JOBNET_AGENT_USER", null), v.get("JOBNET_AGENT_PASSWORD", null), name,
        servers, capacity, Path.of(v.get("JOBNET_AGENT_WORK_DIR", "agent-work")), heartbeat, lock,
        v.duration("JOBNET_AGENT_LONG_POLL", Duration.ofSeconds(20)),
        v.duration("JOBNET_AGENT_STOP_GRACE", Duration.ofSeconds(30)),
        v.duration("JOBNET_AGENT_KILL_GRACE", Duration.ofSeconds(5)), allowed,
        StopMode.parse("JOBNET_AGENT_STOP", v.get("JOBNET_AGENT_STOP", "drain")),
        v.duration("JOBNET_AGENT_DETACH_FOR", DEFAULT_DETACH_FOR));
  }

  /** The engine nodes' REST URLs, in the order calls try them (one for a single engine). */
  public List<String> engineUrls() {
    return list(engineUrl);
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "agent";
    }
  }

  /** Environment first, then the file (keys as in the environment, or lower case with dots). */
  private record Values(Map<String, String> env, Properties file) {
    String get(String key, String fallback) {
      String v = env.get(key);
      if (v == null) {
        v = file.getProperty(key, file.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.')));
      }
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String key, int fallback) {
      String v = get(key, null);
      try {
        return v == null ? fallback : Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
      }
    }

    Duration duration(String key, Duration fallback) {
      String v = get(key, null);
      if (v == null) {
        return fallback;
      }
      try {
        Duration d = v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException(key + " must be longer than zero");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(key + " must be seconds or an ISO-8601 duration like PT5S, not '" + v + "'");
      }
    }
  }
}
