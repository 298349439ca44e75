package dev.jobnet.engine.security;

import java.util.Arrays;
import java.util.List;

/**
 * The authenticated caller of a request to {@code /jobnet-api}, as the authentication filter set it on
 * the engine: its user id, groups and tenants.
 */
public record Caller(String userId, List<String> groups, List<String> tenants) {

  public Caller {
    groups = groups == null ? List.of() : List.copyOf(groups);
    tenants = tenants == null ? List.of() : List.copyOf(tenants);
  }

  /** Whether the caller has one of the roles. */
  public boolean is(Role... roles) {
    return Arrays.stream(roles).anyMatch(r -> r.isMember(groups));
  }

  /** {@link Role#OPERATOR}: a member of {@code jobnet-admins} or of {@code camunda-admin}. */
  public boolean isOperator() {
    return is(Role.OPERATOR);
  }
}
