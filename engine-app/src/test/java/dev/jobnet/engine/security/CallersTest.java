package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.api.ApiException;
import java.util.List;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Which callers may do what: the one caller check of {@code /jobnet-api}, one caller per test. */
class CallersTest {

  private final IdentityServiceImpl identity = new IdentityServiceImpl();
  private final Callers callers = new Callers(identity);

  @AfterEach
  void clear() {
    identity.clearAuthentication();
  }

  private void callerIn(String... groups) {
    identity.setAuthentication("u", List.of(groups), List.of("shop"));
  }

  @Test
  void anOperatorMayDoEverything() {
    callerIn(JobnetGroups.OPERATORS);
    assertThat(callers.requireOperator()).isEqualTo("u");
    assertThat(callers.requireAgentOrOperator()).isEqualTo("u");
    assertThat(callers.require("read job output", Role.AGENT, Role.OPERATOR, Role.APPLICATION).isOperator()).isTrue();
  }

  @Test
  void aCamundaAdministratorIsAnOperator() {
    callerIn(JobnetGroups.CAMUNDA_ADMIN);
    assertThat(callers.requireOperator()).isEqualTo("u");
    assertThat(callers.requireAgentOrOperator()).isEqualTo("u");
    assertThat(callers.require("read the event log", Role.OPERATOR, Role.APPLICATION).isOperator()).isTrue();
  }

  @Test
  void anAgentMayUseTheAgentsApiOnly() {
    callerIn(JobnetGroups.AGENTS);
    assertThat(callers.requireAgentOrOperator()).isEqualTo("u");
    assertThat(callers.require("read job output", Role.AGENT, Role.OPERATOR, Role.APPLICATION).isOperator()).isFalse();
    assertRefused(callers::requireOperator,
        "user 'u' may not do this: only members of jobnet-admins and camunda-admin may");
    assertRefused(() -> callers.require("read the event log", Role.OPERATOR, Role.APPLICATION),
        "user 'u' may not read the event log: only members of jobnet-admins, camunda-admin and the applications'"
            + " groups (jobnet-app-<tenant>) may");
  }

  @Test
  void anApplicationMayReadOnlyWithItsTenants() {
    callerIn(JobnetGroups.appGroup("shop"));
    Caller caller = callers.require("read the event log", Role.OPERATOR, Role.APPLICATION);
    assertThat(caller.isOperator()).isFalse();
    assertThat(caller.is(Role.APPLICATION)).isTrue();
    assertThat(caller.tenants()).containsExactly("shop");
    assertRefused(callers::requireAgentOrOperator,
        "user 'u' may not do this: only members of jobnet-agents, jobnet-admins and camunda-admin may");
    assertRefused(callers::requireOperator,
        "user 'u' may not do this: only members of jobnet-admins and camunda-admin may");
  }

  @Test
  void aUserInNoGroupOfOursMayDoNothing() {
    callerIn("some-team");
    assertThat(callers.current().userId()).isEqualTo("u");
    assertRefused(() -> callers.require("read job output", Role.AGENT, Role.OPERATOR, Role.APPLICATION),
        "user 'u' may not read job output: only members of jobnet-agents, jobnet-admins, camunda-admin and the"
            + " applications' groups (jobnet-app-<tenant>) may");
  }

  @Test
  void withoutAnAuthenticatedUserNothingIsAllowed() {
    assertRefused(callers::current, "no authenticated user on this request");
    assertRefused(callers::requireAgentOrOperator, "no authenticated user on this request");
  }

  private static void assertRefused(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(Callers.NotPermitted.class).hasMessage(message)
        .satisfies(e -> {
          assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.FORBIDDEN);
          assertThat(((ApiException) e).reason()).isEqualTo("FORBIDDEN");
        });
  }
}
