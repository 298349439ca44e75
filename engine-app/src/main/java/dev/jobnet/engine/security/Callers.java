package dev.jobnet.engine.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who is calling one of our endpoints: the user the authentication filter set on the engine for
 * this request. Features ask for the role they need and get the user id, or a {@link NotPermitted}.
 */
@Component
public class Callers {

  private final IdentityService identity;

  Callers(IdentityService identity) {
    this.identity = identity;
  }

  /** An operator ({@code jobnet-admins}) or a Camunda administrator ({@code camunda-admin}). */
  public String requireOperator() {
    Authentication caller = caller();
    List<String> groups = groups(caller);
    if (!groups.contains(JobnetGroups.OPERATORS) && !groups.contains(JobnetGroups.CAMUNDA_ADMIN)) {
      throw new NotPermitted("user '" + caller.getUserId() + "' may not do this: only members of "
          + JobnetGroups.OPERATORS + " and " + JobnetGroups.CAMUNDA_ADMIN + " may");
    }
    return caller.getUserId();
  }

  /** An agent ({@code jobnet-agents}) or an operator. */
  public String requireAgentOrOperator() {
    Authentication caller = caller();
    List<String> groups = groups(caller);
    if (!groups.contains(JobnetGroups.AGENTS) && !groups.contains(JobnetGroups.OPERATORS)
        && !groups.contains(JobnetGroups.CAMUNDA_ADMIN)) {
      throw new NotPermitted("user '" + caller.getUserId() + "' may not do this: only members of "
          + JobnetGroups.AGENTS + " and " + JobnetGroups.OPERATORS + " may");
    }
    return caller.getUserId();
  }

  private Authentication caller() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      // the authentication filter answers 401 before a request gets here; this is a wiring fault
      throw new NotPermitted("no authenticated user on this request");
    }
    return caller;
  }

  private static List<String> groups(Authentication caller) {
    return caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
  }

  /** The caller is authenticated but not in a group the endpoint is for: 403. */
  public static final class NotPermitted extends RuntimeException {
    NotPermitted(String message) {
      super(message);
    }
  }
}
