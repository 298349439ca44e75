package dev.jobnet.agent.process;

import java.util.Locale;
import java.util.Optional;

/**
 * How the JVM starts a job's processes ({@code jdk.lang.Process.launchMechanism}). Since JDK 12 the
 * default on Linux is {@code POSIX_SPAWN}, which starts every process through one more program, the
 * JDK's {@code jspawnhelper}: an extra {@code exec} per job, which on a virtual machine with costly page
 * table changes was a quarter of what starting a job's processes costs the machine (B3,
 * {@code docs/benchmarks.md}). {@code VFORK}, the default of JDK 8 to 11, starts the program directly.
 *
 * <p>The agent chooses {@code VFORK} on Linux for the JDKs that offer it without a deprecation
 * warning (17 to 24; JDK 25 deprecates it, a later one removes it), unless the operator chose a
 * mechanism ({@code -Djdk.lang.Process.launchMechanism=...} in {@code JOBNET_AGENT_JAVA_OPTS}).
 * It must be chosen before the first process starts: the JDK reads the property once.
 */
public final class LaunchMechanism {

  public static final String PROPERTY = "jdk.lang.Process.launchMechanism";
  public static final String VFORK = "VFORK";
  /** The last JDK whose {@code VFORK} is neither deprecated nor removed. */
  static final int LAST_JDK_WITH_VFORK = 24;

  private LaunchMechanism() {}

  /**
   * The mechanism to set, if any: {@code VFORK} on Linux with a JDK from 17 to {@value
   * #LAST_JDK_WITH_VFORK} when none is configured; otherwise nothing (the configured one, or the JDK's
   * default).
   */
  static Optional<String> choice(String configured, int jdkFeature, String osName) {
    if (configured != null && !configured.isBlank()) {
      return Optional.empty();
    }
    boolean linux = osName != null && osName.toLowerCase(Locale.ROOT).startsWith("linux");
    return linux && jdkFeature <= LAST_JDK_WITH_VFORK ? Optional.of(VFORK) : Optional.empty();
  }

  /** Sets the choice for this JVM and returns the mechanism its processes start with (empty: the JDK's default). */
  public static Optional<String> apply() {
    choice(System.getProperty(PROPERTY), Runtime.version().feature(), System.getProperty("os.name"))
        .ifPresent(m -> System.setProperty(PROPERTY, m));
    return Optional.ofNullable(System.getProperty(PROPERTY));
  }
}
