package dev.jobnet.engine.deploy;

import dev.jobnet.engine.deploy.impl.EngineAuthentication;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Whether a user may deploy, by the engine's own rules, checked before anything is read so that a refused
 * user learns nothing of the definitions: {@code CREATE} on the resource {@code DEPLOYMENT}, granted to the
 * user or one of their groups (administrators have it through {@code camunda-admin}'s grants); with the
 * engine's authorization checks off, the engine lets everyone deploy, and so does this. For a tenant's
 * deployment, with tenant checks on, membership of the tenant, which Camunda administrators (the engine's
 * admin users and groups) do not need.
 */
@Component
class DeployPermission {

  private final AuthorizationService authorizations;
  private final IdentityService identity;
  private final ProcessEngineConfigurationImpl configuration;
  private final EngineAuthentication authentication;

  DeployPermission(ProcessEngine engine, EngineAuthentication authentication) {
    this.authorizations = engine.getAuthorizationService();
    this.identity = engine.getIdentityService();
    this.configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    this.authentication = authentication;
  }

  /** @throws DeploymentForbiddenException when {@code user} may not deploy at all */
  void checkMayDeploy(DeployingUser user) {
    boolean allowed = authentication.asSystem(() -> authorizations.isUserAuthorized(
        user.id(), user.groupIds(), Permissions.CREATE, Resources.DEPLOYMENT));
    if (!allowed) {
      throw new DeploymentForbiddenException("user '" + user.id() + "' may not deploy: it needs the permission CREATE"
          + " on the resource DEPLOYMENT, for itself or one of its groups (Cockpit: Admin > Authorizations > Deployment)");
    }
  }

  /** @throws DeploymentForbiddenException when {@code user} may not deploy for {@code tenant} */
  void checkMayDeployFor(DeployingUser user, Optional<String> tenant) {
    if (tenant.isEmpty() || !configuration.isAuthorizationEnabled() || !configuration.isTenantCheckEnabled()) {
      return;
    }
    boolean allowed = authentication.asSystem(() -> isAdmin(user) || identity.createTenantQuery()
        .tenantId(tenant.get()).userMember(user.id()).includingGroupsOfUser(true).count() > 0);
    if (!allowed) {
      throw new DeploymentForbiddenException("user '" + user.id() + "' may not deploy for tenant '" + tenant.get()
          + "': it is not a member of that tenant, nor in one of its groups");
    }
  }

  private boolean isAdmin(DeployingUser user) {
    List<String> adminUsers = configuration.getAdminUsers() == null ? List.of() : configuration.getAdminUsers();
    List<String> adminGroups = configuration.getAdminGroups() == null ? List.of() : configuration.getAdminGroups();
    return adminUsers.contains(user.id()) || user.groupIds().stream().anyMatch(adminGroups::contains);
  }
}
