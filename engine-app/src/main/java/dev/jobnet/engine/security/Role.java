package dev.jobnet.engine.security;

import java.util.List;

/**
 * What a caller of {@code /jobnet-api} is, by its groups ({@link JobnetGroups}); an endpoint admits
 * the roles it is for ({@link Callers#require}). A caller may have several.
 */
public enum Role {

  /** {@code jobnet-admins}, and Camunda's administrators ({@code camunda-admin}), who may do everything. */
  OPERATOR(List.of(JobnetGroups.OPERATORS, JobnetGroups.CAMUNDA_ADMIN)),
  /** {@code jobnet-agents}: the worker agents' service users. */
  AGENT(List.of(JobnetGroups.AGENTS)),
  /** {@code jobnet-monitoring}: a monitoring system, which reads health details and metrics only. */
  MONITORING(List.of(JobnetGroups.MONITORING)),
  /** {@code jobnet-app-<tenant>}: an application, which sees its own tenants' runs. */
  APPLICATION(List.of("the applications' groups (" + JobnetGroups.APP_PREFIX + "<tenant>)"));

  private final List<String> groups;

  Role(List<String> groups) {
    this.groups = groups;
  }

  /** The groups of this role, as a refusal names them. */
  List<String> groups() {
    return groups;
  }

  boolean isMember(List<String> callerGroups) {
    return switch (this) {
      case OPERATOR, AGENT, MONITORING -> groups.stream().anyMatch(callerGroups::contains);
      case APPLICATION -> callerGroups.stream().anyMatch(g -> g.startsWith(JobnetGroups.APP_PREFIX));
    };
  }
}
