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
 * Requests over the engine REST API are checked by the engine's authorizations as before, with what the
 * checks found remembered for the credentials' time to live ({@link AuthorizationMemory}): a refused
 * start is never remembered, and any change of authorizations or identities made through the engine
 * counts at once. Changes written behind the engine's back (as another node's would be, for this one)
 * show what is remembered.
 */
class AuthorizationMemoryAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  @Autowired
  AuthorizationMemory memory;

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
    assertThat(memory.size()).as("remembered").isPositive();
    // when: a permission it needs is taken away behind the engine's back (as on another node of a cluster)
    jdbc.update("DELETE FROM ACT_RU_AUTHORIZATION WHERE ID_ = ?", starter.onInstances().getId());
    // then: the remembered answer is used (within the time to live)
    assertThat(start(starter)).as("remembered, not asked again").isEqualTo(HttpStatus.OK);
    // when: any authorization changes through the engine (here: one for somebody else)
    grant("somebody-" + SecurityTestSupport.unique(), null, Resources.PROCESS_DEFINITION, starter.jobnet(),
        Permissions.READ);
    // then: everything remembered is forgotten, the engine is asked again, and refuses
    assertThat(memory.size()).as("forgotten").isZero();
    assertThat(start(starter)).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aReadTheEngineAllowedIsRememberedToo() {
    // given: a start by key the engine allowed (it reads the jobnet first)
    Starter starter = starter();
    assertThat(start(starter)).isEqualTo(HttpStatus.OK);
    // when: READ on the jobnet is taken away behind the engine's back, CREATE_INSTANCE stays
    jdbc.update("UPDATE ACT_RU_AUTHORIZATION SET PERMS_ = ? WHERE ID_ = ?",
        Permissions.NONE.getValue() | Permissions.CREATE_INSTANCE.getValue(), starter.onDefinition().getId());
    // then: the remembered read is used, and the start goes on
    assertThat(start(starter)).as("read remembered, not asked again").isEqualTo(HttpStatus.OK);
    // when: any authorization changes through the engine
    grant("somebody-" + SecurityTestSupport.unique(), null, Resources.PROCESS_DEFINITION, starter.jobnet(),
        Permissions.READ);
    // then: the engine is asked again: a jobnet the caller may not read is not found, as Camunda answers
    assertThat(start(starter)).isEqualTo(HttpStatus.NOT_FOUND);
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

  /** A user in a group of its own that holds no authorization at all, and a jobnet nobody may read. */
  private record Reader(String user, String group, String jobnet) {}

  private Reader reader() {
    String suffix = SecurityTestSupport.unique();
    Reader reader = new Reader("reader-" + suffix, "readers-" + suffix, "read-perm-" + suffix);
    engine.getIdentityService().saveGroup(engine.getIdentityService().newGroup(reader.group()));
    // Camunda grants a new group READ on itself: taken away, so that the group holds no authorization at all
    engine.getAuthorizationService().createAuthorizationQuery().groupIdIn(reader.group()).list()
        .forEach(a -> engine.getAuthorizationService().deleteAuthorization(a.getId()));
    TestUsers.create(engine, reader.user(), "secret", reader.group());
    SecurityTestSupport.deploy(engine, reader.jobnet(), null);
    return reader;
  }

  private HttpStatus read(Reader reader) {
    return HttpStatus.valueOf(Caller.as(rest, reader.user(), "secret")
        .get("/engine-rest/process-definition/key/" + reader.jobnet()).getStatusCode().value());
  }

  @Test
  void aGroupsFirstAuthorizationMadeThroughTheEngineCountsAtOnce() {
    // given: a caller whose group holds no authorization, refused (the groups that hold some are remembered)
    Reader reader = reader();
    assertThat(read(reader)).isEqualTo(HttpStatus.NOT_FOUND);
    // when
    grant(null, reader.group(), Resources.PROCESS_DEFINITION, reader.jobnet(), Permissions.READ);
    // then
    assertThat(read(reader)).isEqualTo(HttpStatus.OK);
  }

  @Test
  void theGroupsHoldingAuthorizationsAreRememberedUntilAnAuthorizationChanges() {
    // given: a caller whose group holds no authorization, refused
    Reader reader = reader();
    assertThat(read(reader)).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(memory.groupsWithAuthorizations().orElseThrow()).as("remembered").doesNotContain(reader.group());
    // when: the group's first authorization is written behind the engine's back (as on another node)
    jdbc.update("INSERT INTO ACT_RU_AUTHORIZATION (ID_, REV_, TYPE_, GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_)"
            + " VALUES (?, 1, ?, ?, ?, ?, ?)", "sql-" + SecurityTestSupport.unique(), Authorization.AUTH_TYPE_GRANT,
        reader.group(), Resources.PROCESS_DEFINITION.resourceType(), reader.jobnet(), Permissions.READ.getValue());
    assertThat(memory.groupsWithAuthorizations().orElseThrow()).as("still remembered").doesNotContain(reader.group());
    // then: the remembered list of groups still leaves the group out (within the time to live)
    assertThat(read(reader)).as("remembered, not read again").isEqualTo(HttpStatus.NOT_FOUND);
    // when: any authorization changes through the engine
    grant("somebody-" + SecurityTestSupport.unique(), null, Resources.PROCESS_DEFINITION, reader.jobnet(),
        Permissions.READ);
    // then
    assertThat(read(reader)).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aRevokingAuthorizationMadeThroughTheEngineCountsAtOnce() {
    // given: a caller who reads a jobnet through its group (remembered: no revoking authorization concerns it)
    Reader reader = reader();
    grant(null, reader.group(), Resources.PROCESS_DEFINITION, reader.jobnet(), Permissions.READ);
    assertThat(read(reader)).isEqualTo(HttpStatus.OK);
    // when: READ is revoked for the caller itself
    Authorization revoke = engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
    revoke.setUserId(reader.user());
    revoke.setResource(Resources.PROCESS_DEFINITION);
    revoke.setResourceId(reader.jobnet());
    revoke.removePermission(Permissions.READ);
    engine.getAuthorizationService().saveAuthorization(revoke);
    // then
    assertThat(read(reader)).isEqualTo(HttpStatus.NOT_FOUND);
  }
}
