package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.SecuritySetup.ServiceUser;
import dev.jobnet.engine.security.SecuritySetup.TenantSetup;
import dev.jobnet.engine.testing.EngineAppTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The users, groups, tenants and authorizations made at start-up; restarts and parallel starts. */
class SecurityBootstrapAppTest extends EngineAppTest {

  @Autowired
  ProcessEngine engine;

  @Autowired
  SecurityBootstrap bootstrap;

  @Autowired
  AdminCredentials admin;

  @Test
  void theAdministratorIsInBothAdministratorGroupsWithItsMail() {
    // when: the app has started
    IdentityService identity = engine.getIdentityService();
    // then
    assertThat(identity.checkPassword(ADMIN, ADMIN_PASSWORD)).isTrue();
    assertThat(identity.createUserQuery().userId(ADMIN).singleResult().getEmail()).isEqualTo("admin@example.test");
    assertThat(identity.createGroupQuery().groupMember(ADMIN).list()).extracting("id")
        .contains(JobnetGroups.CAMUNDA_ADMIN, JobnetGroups.OPERATORS);
    assertThat(identity.createGroupQuery().groupId(JobnetGroups.CAMUNDA_ADMIN).singleResult().getType())
        .isEqualTo(Groups.GROUP_TYPE_SYSTEM);
    assertThat(identity.createGroupQuery().groupId(JobnetGroups.AGENTS).count()).isOne();
  }

  @Test
  void camundaAdminHasEveryPermissionOnEveryResource() {
    // given
    AuthorizationService authorizations = engine.getAuthorizationService();
    // then
    for (Resources resource : Resources.values()) {
      Authorization authorization = authorizations.createAuthorizationQuery()
          .groupIdIn(JobnetGroups.CAMUNDA_ADMIN).resourceType(resource).resourceId(Authorization.ANY).singleResult();
      assertThat(authorization).as(resource.resourceName()).isNotNull();
      assertThat(authorization.isEveryPermissionGranted()).as(resource.resourceName()).isTrue();
    }
  }

  @Test
  void anApplicationGetsItsTenantGroupAndServiceUser() {
    // given
    String suffix = SecurityTestSupport.unique();
    SecuritySetup setup = SecurityTestSupport.twoTenants(admin, suffix, true);
    TenantSetup a = setup.tenants().get(0);
    // when
    bootstrap.apply(engine, setup);
    // then
    IdentityService identity = engine.getIdentityService();
    assertThat(identity.createTenantQuery().tenantId(a.id()).singleResult().getName()).isEqualTo(a.name());
    assertThat(identity.checkPassword(a.user().id(), a.user().password())).isTrue();
    assertThat(identity.createGroupQuery().groupMember(a.user().id()).list()).extracting("id")
        .containsExactly(JobnetGroups.appGroup(a.id()));
    assertThat(identity.createTenantQuery().userMember(a.user().id()).includingGroupsOfUser(true).list())
        .extracting("id").containsExactly(a.id());
    assertThat(identity.createTenantQuery().groupMember(JobnetGroups.AGENTS).list()).extracting("id")
        .contains(a.id(), setup.tenants().get(1).id());
    assertThat(identity.createTenantQuery().groupMember(JobnetGroups.OPERATORS).list()).extracting("id")
        .contains(a.id(), setup.tenants().get(1).id());
    ServiceUser agent = setup.agent().orElseThrow();
    assertThat(identity.createGroupQuery().groupMember(agent.id()).list()).extracting("id")
        .containsExactly(JobnetGroups.AGENTS);
    Authorization appGrant = engine.getAuthorizationService().createAuthorizationQuery()
        .groupIdIn(JobnetGroups.appGroup(a.id())).resourceType(Resources.PROCESS_INSTANCE).singleResult();
    assertThat(appGrant.isPermissionGranted(Permissions.CREATE)).isTrue();
    assertThat(appGrant.isPermissionGranted(Permissions.DELETE)).isFalse();
  }

  @Test
  void aRestartChangesNothing() {
    // given
    String suffix = SecurityTestSupport.unique();
    SecuritySetup setup = SecurityTestSupport.twoTenants(admin, suffix, true);
    bootstrap.apply(engine, setup);
    String user = setup.tenants().get(0).user().id();
    int revision = revisionOf(user);
    long authorizations = engine.getAuthorizationService().createAuthorizationQuery().count();
    // when
    bootstrap.apply(engine, setup);
    // then
    assertThat(revisionOf(user)).isEqualTo(revision);
    assertThat(engine.getAuthorizationService().createAuthorizationQuery().count()).isEqualTo(authorizations);
  }

  @Test
  void aChangedPasswordInTheConfigurationReplacesTheStoredOne() {
    // given
    String suffix = SecurityTestSupport.unique();
    SecuritySetup before = SecurityTestSupport.twoTenants(admin, suffix, false);
    bootstrap.apply(engine, before);
    TenantSetup a = before.tenants().get(0);
    TenantSetup changed = new TenantSetup(a.id(), a.name(), new ServiceUser(a.user().id(), "a-new-secret"));
    // when
    bootstrap.apply(engine, new SecuritySetup(admin, Optional.empty(), List.of(changed)));
    // then (the right password first: a failed check locks the user for a few seconds)
    assertThat(engine.getIdentityService().checkPassword(a.user().id(), "a-new-secret")).isTrue();
    assertThat(engine.getIdentityService().checkPassword(a.user().id(), a.user().password())).isFalse();
  }

  @Test
  void aRestartUnlocksAUserLockedByFailedLogIns() {
    // given: a wrong password locks the user, so that even the right one is refused for a while
    String suffix = SecurityTestSupport.unique();
    SecuritySetup setup = SecurityTestSupport.twoTenants(admin, suffix, false);
    bootstrap.apply(engine, setup);
    ServiceUser user = setup.tenants().get(0).user();
    assertThat(engine.getIdentityService().checkPassword(user.id(), "wrong")).isFalse();
    assertThat(engine.getIdentityService().checkPassword(user.id(), user.password())).isFalse();
    // when
    bootstrap.apply(engine, setup);
    // then
    assertThat(engine.getIdentityService().checkPassword(user.id(), user.password())).isTrue();
  }

  @Test
  void twoNodesStartingAtOnceBothSucceedAndCreateEverythingOnce() throws Exception {
    // given: the same set-up, applied by two threads at the same moment (two nodes, one database)
    String suffix = SecurityTestSupport.unique();
    SecuritySetup setup = SecurityTestSupport.twoTenants(admin, suffix, true);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        done.add(nodes.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          bootstrap.apply(engine, setup);
          return null;
        }));
      }
      // when / then: neither fails
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      nodes.shutdownNow();
    }
    IdentityService identity = engine.getIdentityService();
    for (TenantSetup tenant : setup.tenants()) {
      assertThat(identity.createTenantQuery().tenantId(tenant.id()).count()).isOne();
      assertThat(identity.createGroupQuery().groupId(tenant.group()).count()).isOne();
      assertThat(identity.createUserQuery().userId(tenant.user().id()).count()).isOne();
      // ours on definitions and instances, and Camunda's default READ on the group itself and on its tenant
      for (Resources resource : List.of(Resources.PROCESS_DEFINITION, Resources.PROCESS_INSTANCE, Resources.GROUP,
          Resources.TENANT)) {
        assertThat(engine.getAuthorizationService().createAuthorizationQuery().groupIdIn(tenant.group())
            .resourceType(resource).count()).as(resource.resourceName() + " of " + tenant.group()).isOne();
      }
      assertThat(engine.getAuthorizationService().createAuthorizationQuery().groupIdIn(tenant.group()).count())
          .isEqualTo(4);
      assertThat(identity.checkPassword(tenant.user().id(), tenant.user().password())).isTrue();
    }
  }

  private int revisionOf(String userId) {
    return ((UserEntity) engine.getIdentityService().createUserQuery().userId(userId).singleResult()).getRevision();
  }
}
