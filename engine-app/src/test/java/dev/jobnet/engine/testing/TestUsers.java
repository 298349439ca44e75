package dev.jobnet.engine.testing;

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

/**
 * Users of the engine app's tests, made through the identity service: the test administrator where
 * it is missing, a user without permissions, and users with a password (and an e-mail address) in
 * groups.
 */
public final class TestUsers {

  /** The password of {@link #withoutPermissions}. */
  public static final String PASSWORD = "test-user-secret";

  private TestUsers() {}

  /**
   * The test administrator {@link EngineAppTest#ADMIN}, member of {@code camunda-admin}, which may do
   * everything with deployments and process definitions (as the Camunda starter and the security layer grant
   * it at start-up; until the security layer is in place, this does).
   */
  public static synchronized void ensureAdmin(ProcessEngine engine) {
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

  /** A new user with a password ({@link #PASSWORD}) and no group, no tenant, no authorization. */
  public static String withoutPermissions(ProcessEngine engine) {
    String id = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
    create(engine, id, PASSWORD);
    return id;
  }

  /** Makes the user {@code id} with {@code password}, a member of each of {@code groups}. */
  public static void create(ProcessEngine engine, String id, String password, String... groups) {
    createWithEmail(engine, id, password, null, groups);
  }

  /** The same with an e-mail address ({@code null}: none). */
  public static void createWithEmail(ProcessEngine engine, String id, String password, String email,
      String... groups) {
    IdentityService identity = engine.getIdentityService();
    User user = identity.newUser(id);
    user.setPassword(password);
    if (email != null) {
      user.setEmail(email);
    }
    identity.saveUser(user);
    for (String group : groups) {
      identity.createMembership(id, group);
    }
  }
}
