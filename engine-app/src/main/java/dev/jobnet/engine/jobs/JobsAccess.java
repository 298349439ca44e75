package dev.jobnet.engine.jobs;

import dev.jobnet.engine.security.JobnetGroups;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may call the agents' API: the caller the authentication filter set on the engine for this
 * request ({@code security}). Agents ({@code jobnet-agents}) and operators ({@code jobnet-admins})
 * may do everything here; an application ({@code jobnet-app-<tenant>}) may read the output of the
 * runs the engine lets it see (its own tenant's), nothing else.
 */
@Component
class JobsAccess {

  private final IdentityService identity;
  private final HistoryService history;

  JobsAccess(IdentityService identity, HistoryService history) {
    this.identity = identity;
    this.history = history;
  }

  /** The caller's user id; refused unless the caller is an agent or an operator. */
  String requireAgentOrOperator() {
    Authentication caller = caller();
    if (!isAgentOrOperator(caller)) {
      throw new NotAllowedException("user '" + caller.getUserId() + "' may not do this: only members of "
          + JobnetGroups.AGENTS + " and " + JobnetGroups.OPERATORS + " may");
    }
    return caller.getUserId();
  }

  /** Refused (403) unless the caller is an agent, an operator or an application. */
  void requireReader() {
    Authentication caller = caller();
    if (!isAgentOrOperator(caller) && !isApplication(caller)) {
      throw new NotAllowedException("user '" + caller.getUserId() + "' may not read job output: only members of "
          + JobnetGroups.AGENTS + ", " + JobnetGroups.OPERATORS + " and the applications' groups may");
    }
  }

  /**
   * Whether the caller may read the output of this run: agents and operators always; an
   * application if the engine shows it the run's history (its tenant's runs), checked with a history
   * query as the caller.
   */
  boolean maySeeRun(String processInstanceId) {
    Authentication caller = caller();
    if (isAgentOrOperator(caller)) {
      return true;
    }
    return isApplication(caller)
        && history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
  }

  private Authentication caller() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      // the authentication filter answers 401 before a request gets here; this is a wiring fault
      throw new NotAllowedException("no authenticated user on this request");
    }
    return caller;
  }

  private static boolean isAgentOrOperator(Authentication caller) {
    List<String> groups = groups(caller);
    return groups.contains(JobnetGroups.AGENTS) || groups.contains(JobnetGroups.OPERATORS);
  }

  private static boolean isApplication(Authentication caller) {
    return groups(caller).stream().anyMatch(g -> g.startsWith(JobnetGroups.APP_PREFIX));
  }

  private static List<String> groups(Authentication caller) {
    return caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
  }
}
