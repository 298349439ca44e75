package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.SecurityTestSupport.Caller;
import dev.jobnet.engine.testing.EngineAppTest;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * F22: an application (tenant) starts and sees its own jobnets and runs only. Two applications per
 * test, set up by the start-up bootstrap with names of their own.
 */
class TenantIsolationAppTest extends EngineAppTest {

  @RegisterExtension
  final TwoApplications apps = TwoApplications.withJobnets("own-", "other-");

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  Caller appA;

  @BeforeEach
  void theFirstApplicationCalls() {
    appA = Caller.as(rest, apps.a().user());
  }

  @Test
  void anApplicationStartsItsOwnJobnetByKeyAndTenant() {
    // when
    ResponseEntity<String> response = appA.post(
        "/engine-rest/process-definition/key/" + apps.jobnetOfA() + "/tenant-id/" + apps.a().id() + "/start", "{}");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("\"tenantId\":\"" + apps.a().id() + "\"");
    assertThat(runsOf(apps.jobnetOfA())).isEqualTo(1);
  }

  @Test
  void theKeyAlonePathFindsOnlySharedJobnetsSoAnApplicationNamesItsTenant() {
    // when: Camunda resolves /key/{key}/start among the definitions deployed without a tenant
    ResponseEntity<String> response = appA.post("/engine-rest/process-definition/key/" + apps.jobnetOfA() + "/start",
        "{}");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getBody()).contains("No matching process definition with key: " + apps.jobnetOfA()
        + " and no tenant-id");
    assertThat(runsOf(apps.jobnetOfA())).isZero();
  }

  @Test
  void runsOfASharedJobnetBelongToNoTenantAndEveryApplicationSeesThem() {
    // given: a jobnet deployed without a tenant
    String shared = "shared-" + SecurityTestSupport.unique();
    SecurityTestSupport.deploy(engine, shared, null);
    // when: application A starts it by key alone
    ResponseEntity<String> response = appA.post("/engine-rest/process-definition/key/" + shared + "/start", "{}");
    // then: the run has no tenant, and application B sees it too
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("\"tenantId\":null");
    ResponseEntity<String> seenByB = Caller.as(rest, apps.b().user().id(), apps.b().user().password())
        .get("/engine-rest/process-instance?processDefinitionKey=" + shared);
    assertThat(seenByB.getBody()).contains("\"definitionId\":\"" + shared + ":");
  }

  @Test
  void anApplicationCannotStartAnotherApplicationsJobnetByKeyAndTenant() {
    // when
    ResponseEntity<String> response = appA.post(
        "/engine-rest/process-definition/key/" + apps.jobnetOfB() + "/tenant-id/" + apps.b().id() + "/start", "{}");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(runsOf(apps.jobnetOfB())).isZero();
  }

  @Test
  void anApplicationCannotStartAnotherApplicationsJobnetByKeyAlone() {
    // when
    ResponseEntity<String> response = appA.post("/engine-rest/process-definition/key/" + apps.jobnetOfB() + "/start",
        "{}");
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(runsOf(apps.jobnetOfB())).isZero();
  }

  @Test
  void anApplicationSeesOnlyItsOwnJobnets() {
    // when
    ResponseEntity<String> own = appA.get("/engine-rest/process-definition?key=" + apps.jobnetOfA());
    ResponseEntity<String> other = appA.get("/engine-rest/process-definition?key=" + apps.jobnetOfB());
    ResponseEntity<String> all = appA.get("/engine-rest/process-definition");
    // then
    assertThat(own.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(own.getBody()).contains("\"key\":\"" + apps.jobnetOfA() + "\"");
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(other.getBody()).isEqualTo("[]");
    assertThat(all.getBody()).contains(apps.jobnetOfA()).doesNotContain(apps.jobnetOfB());
  }

  @Test
  void anApplicationSeesOnlyItsOwnRunsAndTheirHistory() {
    // given: one run of each application
    ProcessInstance own = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfA());
    ProcessInstance others = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfB());
    // when
    ResponseEntity<String> runs = appA.get("/engine-rest/process-instance");
    ResponseEntity<String> history = appA.get("/engine-rest/history/process-instance");
    ResponseEntity<String> otherRun = appA.get("/engine-rest/process-instance/" + others.getId());
    ResponseEntity<String> otherHistory = appA.get("/engine-rest/history/process-instance/" + others.getId());
    ResponseEntity<String> otherVariables = appA.get("/engine-rest/process-instance/" + others.getId() + "/variables");
    ResponseEntity<String> missingVariables = appA.get("/engine-rest/process-instance/" + UUID.randomUUID()
        + "/variables");
    ResponseEntity<String> setOtherVariable = appA.put("/engine-rest/process-instance/" + others.getId()
        + "/variables/x", "{\"value\":\"1\",\"type\":\"String\"}");
    // then
    assertThat(runs.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(runs.getBody()).contains(own.getId()).doesNotContain(others.getId());
    assertThat(history.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(history.getBody()).contains(own.getId()).doesNotContain(others.getId());
    assertThat(otherRun.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(otherHistory.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    // Camunda finds the run, then refuses it for its tenant: answered as a run that does not exist
    assertThat(otherVariables.getStatusCode()).as(otherVariables.getBody()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(otherVariables.getBody()).doesNotContain("\"value\"").doesNotContain(others.getId())
        .doesNotContain("tenant '");
    assertThat(missingVariables.getStatusCode()).as(missingVariables.getBody()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(missingVariables.getBody()).as("the same answer as for another tenant's run")
        .isEqualTo(otherVariables.getBody());
    assertThat(setOtherVariable.getStatusCode()).as(setOtherVariable.getBody()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(engine.getRuntimeService().getVariable(others.getId(), "x")).as("nothing written").isNull();
  }

  @Test
  void anApplicationCannotDeploy() {
    // when
    ResponseEntity<String> response = appA.deploy("deployed-by-app-" + SecurityTestSupport.unique());
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(response.getBody()).contains("AuthorizationException");
  }

  @Test
  void anApplicationCannotCancelEvenItsOwnRuns() {
    // given
    ProcessInstance own = engine.getRuntimeService().startProcessInstanceByKey(apps.jobnetOfA());
    // when
    ResponseEntity<String> response = appA.delete("/engine-rest/process-instance/" + own.getId());
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runsOf(apps.jobnetOfA())).isEqualTo(1);
  }

  private long runsOf(String jobnet) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(jobnet).count();
  }
}
