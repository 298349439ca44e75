package dev.jobnet.protocol;

import java.util.Optional;

/**
 * The external task topic of a job: the server it runs on behind {@link #PREFIX} (server
 * {@code batch-1}, topic {@code jobnet.batch-1}). The converter writes it, an agent fetches the
 * topics of the servers it serves, the engine app reads the server back from a waiting task's topic.
 */
public final class Topics {

  /** Every job topic starts with this. */
  public static final String PREFIX = "jobnet.";

  private Topics() {}

  /** The topic of the jobs of {@code server}. */
  public static String of(String server) {
    return PREFIX + server;
  }

  /** Whether {@code topic} is a job topic (null is not). */
  public static boolean isJobTopic(String topic) {
    return topic != null && topic.startsWith(PREFIX);
  }

  /** The server of a job topic; empty for null or another topic. */
  public static Optional<String> serverOf(String topic) {
    return isJobTopic(topic) ? Optional.of(topic.substring(PREFIX.length())) : Optional.empty();
  }
}
