package dev.jobnet.engine.security;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.SecurityTestSupport.Caller;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** F22: every call to the engine's REST API and ours needs a user and its password. */
class AuthenticationAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  @Autowired
  VerifiedCredentials credentials;

  @Test
  void aCallWithoutCredentialsIsRefusedWithABasicChallenge() {
    // when
    ResponseEntity<String> response = Caller.anonymous(rest).get("/engine-rest/process-definition");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"jobnet\"");
  }

  @Test
  void aWrongPasswordIsRefused() {
    // given: a user of its own, since a failed log-in locks the user for a few seconds
    String user = "wrong-pw-" + SecurityTestSupport.unique();
    TestUsers.create(engine, user, "the-right-one");
    // when
    ResponseEntity<String> response = Caller.as(rest, user, "not-the-right-one").get("/engine-rest/process-definition");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"jobnet\"");
  }

  @Test
  void anUnknownUserIsRefused() {
    // when
    ResponseEntity<String> response = Caller.as(rest, "nobody-" + SecurityTestSupport.unique(), "x")
        .get("/engine-rest/process-instance");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theAdministratorListsProcessDefinitions() {
    // given
    String jobnet = "auth-" + SecurityTestSupport.unique();
    SecurityTestSupport.deploy(engine, jobnet, null);
    // when
    ResponseEntity<String> response = Caller.as(rest, ADMIN, ADMIN_PASSWORD)
        .get("/engine-rest/process-definition?key=" + jobnet);
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("\"key\":\"" + jobnet + "\"");
  }

  @Test
  void theListOfEngineNamesIsOpenAsCamundaHasIt() {
    // when: Camunda's filter lets GET /engine through (it names the engines, nothing else)
    ResponseEntity<String> response = Caller.anonymous(rest).get("/engine-rest/engine");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("{\"name\":\"default\"}");
  }

  @Test
  void ourApiRefusesACallWithoutCredentials() {
    // when
    ResponseEntity<String> response = Caller.anonymous(rest).get("/jobnet-api/anything");
    // then
    assertProblem(response, 401, "UNAUTHORIZED");
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"jobnet\"");
  }

  @Test
  void ourApiLetsTheAdministratorThrough() {
    // when: no endpoint answers there in this test; what matters is that authentication passes
    ResponseEntity<String> response = Caller.as(rest, ADMIN, ADMIN_PASSWORD).get("/jobnet-api/no-such-endpoint");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void ourApiRunsEachRequestAsTheCallerWithItsGroupsAndTenants() throws Exception {
    // given
    JobnetApiAuthenticationFilter filter = new JobnetApiAuthenticationFilter(() -> engine, credentials);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/jobnet-api/runs");
    request.addHeader(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
        .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    List<Authentication> seen = new ArrayList<>();
    // when
    filter.doFilter(request, new MockHttpServletResponse(),
        (req, resp) -> seen.add(engine.getIdentityService().getCurrentAuthentication()));
    // then
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).getUserId()).isEqualTo(ADMIN);
    assertThat(seen.get(0).getGroupIds()).contains(JobnetGroups.CAMUNDA_ADMIN, JobnetGroups.OPERATORS);
    assertThat(engine.getIdentityService().getCurrentAuthentication()).as("cleared after the request").isNull();
  }

  @Test
  void camundasWebappsKeepTheirOwnLogin() {
    // when: Cockpit's page loads without Basic credentials and asks for its own log-in
    ResponseEntity<String> response = Caller.anonymous(rest).get("/camunda/app/cockpit/default/");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
  }

  @Test
  void aChangedPasswordCountsAtOnceThoughTheOldOneWasJustVerified() {
    // given: a caller whose credentials were verified (and kept) a moment ago
    String user = "pw-change-" + SecurityTestSupport.unique();
    TestUsers.create(engine, user, "first-password");
    assertThat(Caller.as(rest, user, "first-password").get("/jobnet-api/no-such-endpoint").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(credentials.size()).as("kept").isPositive();
    // when: its password is changed (Camunda Admin does the same)
    User stored = engine.getIdentityService().createUserQuery().userId(user).singleResult();
    stored.setPassword("second-password");
    engine.getIdentityService().saveUser(stored);
    // then: nothing verified is kept any more, and the old password is refused at once
    assertThat(credentials.size()).as("emptied by the change").isZero();
    assertThat(Caller.as(rest, user, "first-password").get("/jobnet-api/no-such-endpoint").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aWrongPasswordIsRefusedWhileTheRightOneIsKept() {
    // given
    String user = "kept-" + SecurityTestSupport.unique();
    TestUsers.create(engine, user, "the-right-one");
    assertThat(Caller.as(rest, user, "the-right-one").get("/engine-rest/process-definition").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // when
    ResponseEntity<String> wrong = Caller.as(rest, user, "the-right-on").get("/engine-rest/process-definition");
    // then
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aMembershipTakenAwayCountsAtOnceThoughTheCallerWasJustVerified() {
    // given: an operator whose credentials and groups were verified a moment ago
    String user = "ex-operator-" + SecurityTestSupport.unique();
    TestUsers.create(engine, user, "secret", JobnetGroups.OPERATORS);
    assertThat(Caller.as(rest, user, "secret").get("/jobnet-api/agents").getStatusCode()).isEqualTo(HttpStatus.OK);
    // when
    engine.getIdentityService().deleteMembership(user, JobnetGroups.OPERATORS);
    // then
    assertProblem(Caller.as(rest, user, "secret").get("/jobnet-api/agents"), 403, "FORBIDDEN");
  }
}
