package dev.jobnet.engine.security;

import dev.jobnet.engine.config.JobnetProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The users, groups and tenants to have at start-up, read and checked from {@code jobnet.*}: the
 * administrator, the agents' user (optional) and one tenant with its service user per application.
 */
record SecuritySetup(AdminCredentials admin, Optional<ServiceUser> agent, Optional<ServiceUser> monitoring,
    List<TenantSetup> tenants) {

  static final String DEFAULT_AGENT_USER = "agent";
  static final String DEFAULT_MONITORING_USER = "monitoring";
  /** Camunda's ids are at most 64 characters, and the tenant's group adds {@code jobnet-app-}. */
  static final int MAX_TENANT_ID_LENGTH = 64 - JobnetGroups.APP_PREFIX.length();

  /** A user whose password comes from the configuration. */
  record ServiceUser(String id, String password) {

    @Override
    public String toString() {
      return "ServiceUser[id=" + id + "]";
    }
  }

  /** A tenant, its display name and the service user of the application it belongs to. */
  record TenantSetup(String id, String name, ServiceUser user) {

    String group() {
      return JobnetGroups.appGroup(id);
    }
  }

  SecuritySetup {
    tenants = List.copyOf(tenants);
  }

  static SecuritySetup from(JobnetProperties properties, AdminCredentials admin) {
    Optional<ServiceUser> agent = agent(properties.agent());
    return new SecuritySetup(admin, agent, monitoring(properties.monitoring(), admin, agent),
        tenants(properties.tenants(), admin));
  }

  /** The administrator and the agents without the monitoring set up (tests). */
  SecuritySetup(AdminCredentials admin, Optional<ServiceUser> agent, List<TenantSetup> tenants) {
    this(admin, agent, Optional.empty(), tenants);
  }

  private static Optional<ServiceUser> monitoring(JobnetProperties.Monitoring monitoring, AdminCredentials admin,
      Optional<ServiceUser> agent) {
    if (monitoring == null || (isBlank(monitoring.user()) && isBlank(monitoring.password()))) {
      return Optional.empty();
    }
    String user = isBlank(monitoring.user()) ? DEFAULT_MONITORING_USER : monitoring.user().strip();
    checkId(user, "monitoring user name", "JOBNET_MONITORING_USER");
    if (user.equals(admin.user()) || agent.map(a -> a.id().equals(user)).orElse(false)) {
      throw new InvalidSecurityConfigurationException("The monitoring user '" + user + "' is also the "
          + (user.equals(admin.user()) ? "administrator" : "agents' user"),
          "Give the monitoring system a user of its own in JOBNET_MONITORING_USER (jobnet.monitoring.user).");
    }
    if (isBlank(monitoring.password())) {
      throw new InvalidSecurityConfigurationException("The monitoring user '" + user + "' has no password",
          "Set JOBNET_MONITORING_PASSWORD (jobnet.monitoring.password), or unset JOBNET_MONITORING_USER.");
    }
    return Optional.of(new ServiceUser(user, monitoring.password()));
  }

  private static Optional<ServiceUser> agent(JobnetProperties.Agent agent) {
    if (agent == null || (isBlank(agent.user()) && isBlank(agent.password()))) {
      return Optional.empty();
    }
    String user = isBlank(agent.user()) ? DEFAULT_AGENT_USER : agent.user().strip();
    checkId(user, "agent user name", "JOBNET_AGENT_USER");
    if (isBlank(agent.password())) {
      throw new InvalidSecurityConfigurationException("The agents' user '" + user + "' has no password",
          "Set JOBNET_AGENT_PASSWORD (jobnet.agent.password), or unset JOBNET_AGENT_USER.");
    }
    return Optional.of(new ServiceUser(user, agent.password()));
  }

  private static List<TenantSetup> tenants(List<JobnetProperties.Tenant> tenants, AdminCredentials admin) {
    List<TenantSetup> result = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < tenants.size(); i++) {
      JobnetProperties.Tenant t = tenants.get(i);
      String key = "jobnet.tenants[" + i + "]";
      String env = "JOBNET_TENANTS_" + i + "_";
      if (isBlank(t.id())) {
        throw new InvalidSecurityConfigurationException(key + " has no id",
            "Set " + key + ".id (" + env + "ID) or remove the entry.");
      }
      String id = t.id().strip();
      checkId(id, key + ".id", env + "ID");
      if (id.length() > MAX_TENANT_ID_LENGTH) {
        throw new InvalidSecurityConfigurationException("Tenant id '" + id + "' is longer than "
            + MAX_TENANT_ID_LENGTH + " characters", "Shorten " + key + ".id (" + env + "ID).");
      }
      if (!ids.add(id)) {
        throw new InvalidSecurityConfigurationException("Tenant '" + id + "' is configured twice",
            "Keep one entry per tenant in jobnet.tenants.");
      }
      String user = isBlank(t.user()) ? id : t.user().strip();
      checkId(user, key + ".user", env + "USER");
      if (user.equals(admin.user())) {
        throw new InvalidSecurityConfigurationException("Tenant '" + id + "' uses the administrator '" + user
            + "' as its service user", "Give the application a user of its own in " + key + ".user (" + env
            + "USER).");
      }
      if (isBlank(t.password())) {
        throw new InvalidSecurityConfigurationException("The service user '" + user + "' of tenant '" + id
            + "' has no password", "Set " + key + ".password (" + env + "PASSWORD).");
      }
      String name = isBlank(t.name()) ? id : t.name().strip();
      result.add(new TenantSetup(id, name, new ServiceUser(user, t.password())));
    }
    return result;
  }

  private static void checkId(String id, String what, String env) {
    if (!JobnetGroups.isValidId(id)) {
      throw new InvalidSecurityConfigurationException("Invalid " + what + " '" + id + "'",
          "Set " + env + " to letters and digits, in words joined by - or _ (" + JobnetGroups.ID_PATTERN + ").");
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
