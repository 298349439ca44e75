package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.SecurityTestSupport.Caller;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestUsers;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A start over the engine REST API is checked by the engine's authorizations as before, with a "yes"
 * remembered for the credentials' time to live ({@link StartPermissions}): a refusal is never
 * remembered, and any change of authorizations or identities made through the engine counts at once.
 */
class StartPermissionsAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  @Autowired
  StartPermissions permissions;

  @Autowired
  JdbcTemplate jdbc;

  private record Starter(String user, String jobnet, Authorization onInstances, Authorization onDefinition) {}

  /**
   * A user who may start one jobnet, granted to the user (not to a group): CREATE on process instances,
   * READ (to find the jobnet by key) and CREATE_INSTANCE on the jobnet.
   */
  private Starter starter() {
    String suffix = SecurityTestSupport.unique();
    String user = "starter-" + suffix;
    String jobnet = "start-perm-" + suffix;
    TestUsers.create(engine, user, "secret");
    SecurityTestSupport.deploy(engine, jobnet, null);
    return new Starter(user, jobnet, grant(user, null, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE),
        grant(user, null, Resources.PROCESS_DEFINITION, jobnet, Permissions.READ, Permissions.CREATE_INSTANCE));
  }

  private Authorization grant(String user, String group, Resources resource, String resourceId,
      Permissions... permissions) {
    AuthorizationService authorizations = engine.getAuthorizationService();
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setUserId(user);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permissions permission : permissions) {
      authorization.addPermission(permission);
    }
    return authorizations.saveAuthorization(authorization);
  }

  /** Takes CREATE_INSTANCE away from the starter, who can still read the jobnet. */
  private void mayNoLongerStart(Starter starter) {
    Authorization onDefinition = engine.getAuthorizationService().createAuthorizationQuery()
        .authorizationId(starter.onDefinition().getId()).singleResult();
    onDefinition.removePermission(Permissions.CREATE_INSTANCE);
    engine.getAuthorizationService().saveAuthorization(onDefinition);
  }

  private HttpStatus start(Starter starter) {
    return HttpStatus.valueOf(Caller.as(rest, starter.user(), "secret")
        .post("/engine-rest/process-definition/key/" + starter.jobnet() + "/start", "{}").getStatusCode().value());
  }

  @Test
  void aStartTheEngineAllowedIsRememberedUntilAnAuthorizationChanges() {
    // given: a start the engine allowed
    Starter starter = starter();
    assertThat(start(starter)).isEqualTo(HttpStatus.OK);
    assertThat(permissions.size()).as("remembered").isPositive();
    // when: a permission it needs is taken away behind the engine's back (as on another node of a cluster)
    jdbc.update("DELETE FROM ACT_RU_AUTHORIZATION WHERE ID_ = ?", starter.onInstances().getId());
    // then: the remembered answer is used (within the time to live)
    assertThat(start(starter)).as("remembered, not asked again").isEqualTo(HttpStatus.OK);
    // when: any authorization changes through the engine (here: one for somebody else)
    grant("somebody-" + SecurityTestSupport.unique(), null, Resources.PROCESS_DEFINITION, starter.jobnet(),
        Permissions.READ);
    // then: everything remembered is forgotten, the engine is asked again, and refuses
    assertThat(permissions.size()).as("forgotten").isZero();
    assertThat(start(starter)).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aPermissionRevokedThroughTheEngineCountsAtOnce() {
    // given
    Starter starter = starter();
    assertThat(start(starter)).isEqualTo(HttpStatus.OK);
    // when
    mayNoLongerStart(starter);
    // then
    assertThat(start(starter)).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aRefusalIsNeverRememberedSoAGrantCountsAtOnce() {
    // given: a caller the engine refused
    Starter starter = starter();
    engine.getAuthorizationService().deleteAuthorization(starter.onInstances().getId());
    assertThat(start(starter)).isEqualTo(HttpStatus.FORBIDDEN);
    // when: the permission is granted behind the engine's back (no change the engine would tell us of)
    jdbc.update("INSERT INTO ACT_RU_AUTHORIZATION (ID_, REV_, TYPE_, USER_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_)"
            + " VALUES (?, 1, ?, ?, ?, ?, ?)", "sql-" + SecurityTestSupport.unique(), Authorization.AUTH_TYPE_GRANT,
        starter.user(), Resources.PROCESS_INSTANCE.resourceType(), Authorization.ANY,
        Permissions.NONE.getValue() | Permissions.CREATE.getValue());
    // then: the engine is asked again, and allows it
    assertThat(start(starter)).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aRememberedAnswerIsForThatJobnetOnly() {
    // given: a caller allowed to start one jobnet, and remembered
    Starter starter = starter();
    assertThat(start(starter)).isEqualTo(HttpStatus.OK);
    // when: it starts another jobnet it may read but not start
    String other = "start-perm-other-" + SecurityTestSupport.unique();
    SecurityTestSupport.deploy(engine, other, null);
    grant(starter.user(), null, Resources.PROCESS_DEFINITION, other, Permissions.READ);
    // then
    assertThat(start(new Starter(starter.user(), other, starter.onInstances(), starter.onDefinition())))
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aMembershipTakenAwayCountsAtOnceForStarts() {
    // given: a caller allowed to start through its group, and remembered
    String group = "starters-" + SecurityTestSupport.unique();
    engine.getIdentityService().saveGroup(engine.getIdentityService().newGroup(group));
    Starter starter = starter();
    mayNoLongerStart(starter);
    grant(null, group, Resources.PROCESS_DEFINITION, starter.jobnet(), Permissions.CREATE_INSTANCE);
    engine.getIdentityService().createMembership(starter.user(), group);
    assertThat(start(starter)).isEqualTo(HttpStatus.OK);
    // when
    engine.getIdentityService().deleteMembership(starter.user(), group);
    // then
    assertThat(start(starter)).isEqualTo(HttpStatus.FORBIDDEN);
  }
}
