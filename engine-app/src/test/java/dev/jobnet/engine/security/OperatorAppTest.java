package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.SecurityTestSupport.Caller;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestUsers;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** An operator (jobnet-admins, not camunda-admin) starts, stops and inspects every jobnet; no user admin. */
class OperatorAppTest extends EngineAppTest {

  private static final String OPERATOR_PASSWORD = "operator-secret";

  @RegisterExtension
  final TwoApplications apps = TwoApplications.withJobnets("op-a-", "op-b-");

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  String operatorId;
  Caller operator;

  @BeforeEach
  void anOperator() {
    operatorId = "operator-" + apps.suffix();
    TestUsers.create(engine, operatorId, OPERATOR_PASSWORD, JobnetGroups.OPERATORS);
    operator = Caller.as(rest, operatorId, OPERATOR_PASSWORD);
  }

  @Test
  void anOperatorSeesAndStopsRunsOfEveryApplication() {
    // given
    ProcessInstance runOfA = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfA());
    ProcessInstance runOfB = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfB());
    // when
    ResponseEntity<String> runs = operator.get("/engine-rest/process-instance?processDefinitionKeyIn="
        + apps.jobnetOfA() + "," + apps.jobnetOfB());
    ResponseEntity<String> stopped = operator.delete("/engine-rest/process-instance/" + runOfB.getId());
    // then
    assertThat(runs.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(runs.getBody()).contains(runOfA.getId(), runOfB.getId());
    assertThat(stopped.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(operator.get("/engine-rest/history/process-instance/" + runOfB.getId()).getBody())
        .contains("\"state\":\"EXTERNALLY_TERMINATED\"");
  }

  @Test
  void anOperatorStartsAJobnetOfAnyApplication() {
    // when
    ResponseEntity<String> response = operator.post(
        "/engine-rest/process-definition/key/" + apps.jobnetOfB() + "/tenant-id/" + apps.b().id() + "/start", "{}");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void anOperatorDeploys() {
    // when
    ResponseEntity<String> response = operator.deploy("deployed-by-operator-" + SecurityTestSupport.unique());
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void anOperatorLogsIntoCockpitAndAnApplicationDoesNot() {
    // when
    ResponseEntity<String> operatorLogIn = cockpitLogIn(operatorId, OPERATOR_PASSWORD);
    ResponseEntity<String> appLogIn = cockpitLogIn(apps.a().user().id(), apps.a().user().password());
    // then
    assertThat(operatorLogIn.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(operatorLogIn.getBody()).contains("\"userId\":\"" + operatorId + "\"").contains("cockpit");
    assertThat(appLogIn.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void anOperatorDoesNotManageUsers() {
    // when
    ResponseEntity<String> response = operator.post("/engine-rest/user/create",
        "{\"profile\":{\"id\":\"made-by-operator\"},\"credentials\":{\"password\":\"x-secret\"}}");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  /**
   * Log-in to Camunda's webapps as the Cockpit page does it: a session and its CSRF token from the
   * page, then the log-in form (not HTTP Basic).
   */
  private ResponseEntity<String> cockpitLogIn(String user, String password) {
    ResponseEntity<String> page = rest.getForEntity("/camunda/app/cockpit/default/", String.class);
    String cookies = page.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE).stream()
        .map(c -> c.substring(0, c.indexOf(';'))).collect(Collectors.joining("; "));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.add(HttpHeaders.COOKIE, cookies);
    headers.add("X-XSRF-TOKEN", page.getHeaders().getFirst("X-XSRF-TOKEN"));
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("username", user);
    form.add("password", password);
    return rest.exchange("/camunda/api/admin/auth/user/default/login/cockpit", HttpMethod.POST,
        new HttpEntity<>(form, headers), String.class);
  }
}
