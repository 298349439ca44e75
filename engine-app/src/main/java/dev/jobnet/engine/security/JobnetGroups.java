package dev.jobnet.engine.security;

import java.util.regex.Pattern;
import org.camunda.bpm.engine.authorization.Groups;

/**
 * The groups the engine app creates at start-up, for other features to refer to (mail goes to
 * {@link #OPERATORS}). Their authorizations are in {@link Grants}.
 */
public final class JobnetGroups {

  /** Camunda's administrators: every permission on every resource, and the Admin webapp. */
  public static final String CAMUNDA_ADMIN = Groups.CAMUNDA_ADMIN;

  /** Operators: start, stop and inspect every jobnet of every tenant; Cockpit; they receive mail. */
  public static final String OPERATORS = "jobnet-admins";

  /** Worker agents: fetch, lock, extend, complete and fail external tasks of every tenant. */
  public static final String AGENTS = "jobnet-agents";

  /**
   * Monitoring systems: read the health details and the metrics ({@code /actuator/*}); no engine
   * authorization, no {@code /jobnet-api}, no webapp.
   */
  public static final String MONITORING = "jobnet-monitoring";

  /** Prefix of the group of one application (tenant): {@code jobnet-app-<tenant id>}. */
  public static final String APP_PREFIX = "jobnet-app-";

  /**
   * What a user, group or tenant id may look like: letters and digits, in words joined by single
   * {@code -} or {@code _} ({@code billing}, {@code jobnet-app-billing_eu}). Camunda's own default
   * allows letters and digits only; the engine is configured with this pattern instead.
   */
  public static final String ID_PATTERN = "[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*";

  private static final Pattern ID = Pattern.compile(ID_PATTERN);

  private JobnetGroups() {}

  /** The group of the application that owns a tenant. */
  public static String appGroup(String tenantId) {
    return APP_PREFIX + tenantId;
  }

  static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
