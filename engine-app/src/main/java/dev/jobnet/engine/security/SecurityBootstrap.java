package dev.jobnet.engine.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import dev.jobnet.engine.security.Grants.Grant;
import dev.jobnet.engine.security.SecuritySetup.ServiceUser;
import dev.jobnet.engine.security.SecuritySetup.TenantSetup;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.plugin.AdministratorAuthorizationPlugin;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the configured users, groups, tenants and authorizations when the engine has been built,
 * before it serves a request.
 *
 * <p>Every step looks first and creates or completes only what is missing, so a restart changes
 * nothing (except a password that differs from the configuration: the configuration wins, and the
 * user is unlocked). Two engine-app nodes starting at once on one database may both try to create
 * the same row; the loser's step fails on Camunda's unique keys and the whole set-up is run again,
 * finding the row this time ({@link #MAX_ATTEMPTS}).
 *
 * <p>The {@code camunda-admin} grants come from Camunda's own
 * {@link AdministratorAuthorizationPlugin} (ALL on every resource, as Camunda's initial user setup
 * and the Spring Boot starter's {@code camunda.bpm.admin-user} do), run inside this retry.
 */
final class SecurityBootstrap extends AbstractProcessEnginePlugin {

  static final int MAX_ATTEMPTS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(SecurityBootstrap.class);

  private final SecuritySetup setup;
  private final AdministratorAuthorizationPlugin administrators = new AdministratorAuthorizationPlugin();

  SecurityBootstrap(SecuritySetup setup) {
    this.setup = setup;
    administrators.setAdministratorGroupName(JobnetGroups.CAMUNDA_ADMIN);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // Camunda's default allows letters and digits only; our group names have dashes.
    configuration.setGeneralResourceWhitelistPattern(JobnetGroups.ID_PATTERN);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    administrators.postInit(configuration);
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    apply(engine, setup);
  }

  /** Brings the engine's identities in line with the set-up; retried as a whole if a step fails. */
  void apply(ProcessEngine engine, SecuritySetup setup) {
    for (int attempt = 1; ; attempt++) {
      try {
        new Steps(engine).run(setup);
        return;
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateException("Cannot set up the engine's users, groups, tenants and authorizations after "
              + attempt + " attempts: " + e.getMessage(), e);
        }
        LOG.info("Security set-up attempt {} failed ({}); another node may be starting at the same time, "
            + "trying again", attempt, rootMessage(e));
        pause(attempt);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " / " + root.getMessage();
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(100L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up security", e);
    }
  }

  /** One pass over the set-up. */
  private final class Steps {

    private final ProcessEngine engine;
    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final ProcessEngineConfigurationImpl configuration;

    Steps(ProcessEngine engine) {
      this.engine = engine;
      this.identity = engine.getIdentityService();
      this.authorizations = engine.getAuthorizationService();
      this.configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }

    void run(SecuritySetup setup) {
      group(JobnetGroups.CAMUNDA_ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);
      group(JobnetGroups.OPERATORS, "jobnet operators", Groups.GROUP_TYPE_WORKFLOW);
      group(JobnetGroups.AGENTS, "jobnet worker agents", Groups.GROUP_TYPE_SYSTEM);
      group(JobnetGroups.MONITORING, "jobnet monitoring", Groups.GROUP_TYPE_SYSTEM);
      administrators.postProcessEngineBuild(engine);
      grants(JobnetGroups.OPERATORS, Grants.OPERATORS);
      grants(JobnetGroups.AGENTS, Grants.AGENTS);

      AdminCredentials admin = setup.admin();
      user(admin.user(), admin.password(), admin.email(), "jobnet", "Administrator");
      membership(admin.user(), JobnetGroups.CAMUNDA_ADMIN);
      membership(admin.user(), JobnetGroups.OPERATORS);

      setup.agent().ifPresent(agent -> {
        user(agent.id(), agent.password(), null, "jobnet", "worker agents");
        membership(agent.id(), JobnetGroups.AGENTS);
      });
      setup.monitoring().ifPresent(monitoring -> {
        user(monitoring.id(), monitoring.password(), null, "jobnet", "monitoring");
        membership(monitoring.id(), JobnetGroups.MONITORING);
      });

      for (TenantSetup tenant : setup.tenants()) {
        tenant(tenant.id(), tenant.name());
        group(tenant.group(), tenant.name() + " (application)", Groups.GROUP_TYPE_WORKFLOW);
        grants(tenant.group(), Grants.APPS);
        tenantGroupMembership(tenant.id(), tenant.group());
        tenantGroupMembership(tenant.id(), JobnetGroups.OPERATORS);
        tenantGroupMembership(tenant.id(), JobnetGroups.AGENTS);
        ServiceUser user = tenant.user();
        user(user.id(), user.password(), null, tenant.name(), "service user");
        membership(user.id(), tenant.group());
        tenantUserMembership(tenant.id(), user.id());
      }
    }

    private void group(String id, String name, String type) {
      if (identity.createGroupQuery().groupId(id).count() == 0) {
        Group group = identity.newGroup(id);
        group.setName(name);
        group.setType(type);
        identity.saveGroup(group);
        LOG.info("Created group {}", id);
      }
    }

    private void user(String id, String password, String email, String firstName, String lastName) {
      User user = identity.createUserQuery().userId(id).singleResult();
      if (user == null) {
        user = identity.newUser(id);
        user.setFirstName(firstName);
        user.setLastName(lastName);
        user.setEmail(email);
        user.setPassword(password);
        identity.saveUser(user);
        LOG.info("Created user {}", id);
        return;
      }
      boolean changed = false;
      if (email != null && !email.equals(user.getEmail())) {
        user.setEmail(email);
        changed = true;
      }
      boolean newPassword = !passwordMatches(user, password);
      if (newPassword) {
        user.setPassword(password);
        changed = true;
      }
      if (changed) {
        identity.saveUser(user);
        LOG.info("Updated user {}{}", id, newPassword ? " (password from the configuration)" : "");
      }
      if (user instanceof UserEntity entity && (entity.getAttempts() > 0 || entity.getLockExpirationTime() != null)) {
        identity.unlockUser(id);
        LOG.info("Unlocked user {} after {} failed log-ins", id, entity.getAttempts());
      }
    }

    /** Compares without {@code checkPassword}, which counts a mismatch as a failed log-in. */
    private boolean passwordMatches(User user, String password) {
      if (!(user instanceof UserEntity entity) || entity.getPassword() == null) {
        return false;
      }
      String salted = EncryptionUtil.saltPassword(password, entity.getSalt());
      return configuration.getPasswordManager().check(salted, entity.getPassword());
    }

    private void membership(String userId, String groupId) {
      if (identity.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
        identity.createMembership(userId, groupId);
        LOG.info("Added user {} to group {}", userId, groupId);
      }
    }

    private void tenant(String id, String name) {
      if (identity.createTenantQuery().tenantId(id).count() == 0) {
        Tenant tenant = identity.newTenant(id);
        tenant.setName(name);
        identity.saveTenant(tenant);
        LOG.info("Created tenant {}", id);
      }
    }

    private void tenantGroupMembership(String tenantId, String groupId) {
      if (identity.createTenantQuery().tenantId(tenantId).groupMember(groupId).count() == 0) {
        identity.createTenantGroupMembership(tenantId, groupId);
        LOG.info("Added group {} to tenant {}", groupId, tenantId);
      }
    }

    private void tenantUserMembership(String tenantId, String userId) {
      if (identity.createTenantQuery().tenantId(tenantId).userMember(userId).count() == 0) {
        identity.createTenantUserMembership(tenantId, userId);
        LOG.info("Added user {} to tenant {}", userId, tenantId);
      }
    }

    private void grants(String groupId, List<Grant> grants) {
      for (Grant grant : grants) {
        Authorization authorization = authorizations.createAuthorizationQuery()
            .authorizationType(AUTH_TYPE_GRANT)
            .groupIdIn(groupId)
            .resourceType(grant.resource())
            .resourceId(grant.resourceId())
            .singleResult();
        if (authorization == null) {
          authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
          authorization.setGroupId(groupId);
          authorization.setResource(grant.resource());
          authorization.setResourceId(grant.resourceId());
        } else if (grant.permissions().stream().allMatch(authorization::isPermissionGranted)) {
          continue;
        }
        grant.permissions().forEach(authorization::addPermission);
        authorizations.saveAuthorization(authorization);
        LOG.info("Granted {} {} on {} {}", groupId, grant.permissions(), grant.resource().resourceName(),
            grant.resourceId());
      }
    }
  }
}
