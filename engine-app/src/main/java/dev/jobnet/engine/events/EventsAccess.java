package dev.jobnet.engine.events;

import dev.jobnet.engine.security.JobnetGroups;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may read the event log: operators ({@code jobnet-admins}) and Camunda administrators every
 * event; an application ({@code jobnet-app-<tenant>}) the events of its tenants' runs; nobody else
 * (agents included).
 */
@Component
class EventsAccess {

  private final IdentityService identity;

  EventsAccess(IdentityService identity) {
    this.identity = identity;
  }

  /** Empty: every event; else the tenants whose runs' events the caller may read. */
  Optional<Set<String>> visibleTenants() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new EventsForbiddenException("no authenticated user on this request");
    }
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    if (groups.contains(JobnetGroups.OPERATORS) || groups.contains(JobnetGroups.CAMUNDA_ADMIN)) {
      return Optional.empty();
    }
    if (groups.stream().anyMatch(g -> g.startsWith(JobnetGroups.APP_PREFIX))) {
      return Optional.of(caller.getTenantIds() == null ? Set.of() : Set.copyOf(caller.getTenantIds()));
    }
    throw new EventsForbiddenException("user '" + caller.getUserId() + "' may not read the event log: only members of "
        + JobnetGroups.OPERATORS + ", " + JobnetGroups.CAMUNDA_ADMIN + " and the applications' groups may");
  }
}
