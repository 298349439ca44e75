package dev.jobnet.engine.runs;

import dev.jobnet.engine.security.JobnetGroups;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may list and remove runs: operators ({@code jobnet-admins}) and Camunda administrators
 * ({@code camunda-admin}), as the authentication filter set them on the engine for this request.
 */
@Component
class RunAccess {

  private final IdentityService identity;

  RunAccess(IdentityService identity) {
    this.identity = identity;
  }

  /** The caller's user id; 403 unless the caller is an operator. */
  String requireOperator() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      // the authentication filter answers 401 before a request gets here; this is a wiring fault
      throw RunsApiException.forbidden("no authenticated user on this request");
    }
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    if (!groups.contains(JobnetGroups.OPERATORS) && !groups.contains(JobnetGroups.CAMUNDA_ADMIN)) {
      throw RunsApiException.forbidden("user '" + caller.getUserId() + "' may not do this: only members of "
          + JobnetGroups.OPERATORS + " and " + JobnetGroups.CAMUNDA_ADMIN + " may");
    }
    return caller.getUserId();
  }
}
