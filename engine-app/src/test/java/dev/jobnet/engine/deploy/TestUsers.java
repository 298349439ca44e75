package dev.jobnet.engine.deploy;

import dev.jobnet.engine.testing.EngineAppTest;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;

/** Users of the deployment tests, created in the identity service where they are missing. */
final class TestUsers {

  static final String PASSWORD = "test-user-secret";

  private TestUsers() {}

  /**
   * The test administrator {@link EngineAppTest#ADMIN}, member of {@code camunda-admin}, which may do
   * everything with deployments and process definitions (as the Camunda starter and the security layer grant
   * it at start-up; until the security layer is in place, this does).
   */
  static synchronized void ensureAdmin(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
      Group group = identity.newGroup(Groups.CAMUNDA_ADMIN);
      group.setName("camunda BPM Administrators");
      group.setType(Groups.GROUP_TYPE_SYSTEM);
      identity.saveGroup(group);
    }
    if (identity.createUserQuery().userId(EngineAppTest.ADMIN).count() == 0) {
      User user = identity.newUser(EngineAppTest.ADMIN);
      user.setPassword(EngineAppTest.ADMIN_PASSWORD);
      user.setEmail("admin@example.test");
      identity.saveUser(user);
    }
    if (identity.createUserQuery().userId(EngineAppTest.ADMIN).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
      identity.createMembership(EngineAppTest.ADMIN, Groups.CAMUNDA_ADMIN);
    }
    AuthorizationService authorizations = engine.getAuthorizationService();
    for (Resources resource : new Resources[] {Resources.DEPLOYMENT, Resources.PROCESS_DEFINITION}) {
      if (authorizations.createAuthorizationQuery().groupIdIn(Groups.CAMUNDA_ADMIN).resourceType(resource)
          .resourceId(Authorization.ANY).count() == 0) {
        Authorization all = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        all.setGroupId(Groups.CAMUNDA_ADMIN);
        all.setResource(resource);
        all.setResourceId(Authorization.ANY);
        all.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(all);
      }
    }
  }

  /** A new user with a password and no group, no tenant, no authorization. */
  static String withoutPermissions(ProcessEngine engine) {
    String id = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
    User user = engine.getIdentityService().newUser(id);
    user.setPassword(PASSWORD);
    engine.getIdentityService().saveUser(user);
    return id;
  }
}
