package dev.jobnet.engine.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;

import java.util.List;
import org.camunda.bpm.engine.authorization.BatchPermissions;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;

/**
 * The Camunda authorizations of each jobnet group, granted at start-up (added to, never taken
 * away: what an administrator grants on top in Camunda Admin stays). Tenant checks narrow every one
 * of them to the group's tenants. {@code camunda-admin} gets ALL on every resource from Camunda's own
 * {@link org.camunda.bpm.engine.impl.plugin.AdministratorAuthorizationPlugin}.
 */
final class Grants {

  /** One authorization: a group may do these things to this resource (id or {@code *}). */
  record Grant(Resource resource, String resourceId, List<Permission> permissions) {

    static Grant of(Resource resource, String resourceId, Permission... permissions) {
      return new Grant(resource, resourceId, List.of(permissions));
    }
  }

  /**
   * Operators ({@code jobnet-admins}): Cockpit (and Tasklist, to start a jobnet by hand); everything
   * on definitions, runs, deployments, batches (Cockpit's bulk retry/cancel) and user tasks; read
   * the history and the operation log. Not users, groups, tenants or authorizations: that is
   * {@code camunda-admin}'s.
   */
  static final List<Grant> OPERATORS = List.of(
      Grant.of(Resources.APPLICATION, "cockpit", Permissions.ACCESS),
      Grant.of(Resources.APPLICATION, "tasklist", Permissions.ACCESS),
      Grant.of(Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.ALL),
      Grant.of(Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.ALL),
      Grant.of(Resources.DEPLOYMENT, ANY, Permissions.ALL),
      Grant.of(Resources.TASK, ANY, TaskPermissions.ALL),
      Grant.of(Resources.BATCH, ANY, BatchPermissions.ALL),
      Grant.of(Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ),
      Grant.of(Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ),
      Grant.of(Resources.DECISION_DEFINITION, ANY, Permissions.READ),
      Grant.of(Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ),
      Grant.of(Resources.OPERATION_LOG_CATEGORY, ANY, UserOperationLogCategoryPermissions.READ));

  /**
   * Worker agents ({@code jobnet-agents}): what Camunda checks for fetchAndLock (READ_INSTANCE and
   * UPDATE_INSTANCE), lock, extendLock, complete, handleFailure and handleBpmnError (UPDATE_INSTANCE),
   * and reading and setting the variables of the runs they work on (READ_INSTANCE, plus
   * READ_INSTANCE_VARIABLE for when {@code enforceSpecificVariablePermission} is on). Camunda has no
   * narrower permission for completing an external task than UPDATE_INSTANCE, which also allows
   * modifying a run; it does not allow starting, cancelling or deleting runs, nor deploying.
   */
  static final List<Grant> AGENTS = List.of(
      Grant.of(Resources.PROCESS_DEFINITION, ANY,
          ProcessDefinitionPermissions.READ_INSTANCE,
          ProcessDefinitionPermissions.UPDATE_INSTANCE,
          ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE));

  /**
   * An application ({@code jobnet-app-<tenant>}): see the definitions, start runs, read its runs and
   * their history. Tenant checks confine all of it to the application's tenant (and to the shared
   * definitions deployed without a tenant). No deployments, no cancelling, no changes to runs.
   */
  static final List<Grant> APPS = List.of(
      Grant.of(Resources.PROCESS_DEFINITION, ANY,
          ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.CREATE_INSTANCE,
          ProcessDefinitionPermissions.READ_INSTANCE,
          ProcessDefinitionPermissions.READ_HISTORY),
      Grant.of(Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE));

  private Grants() {}
}
