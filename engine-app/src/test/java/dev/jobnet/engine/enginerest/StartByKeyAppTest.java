package dev.jobnet.engine.enginerest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestUsers;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * {@code POST /engine-rest/process-definition/key/{key}/start} answers as Camunda REST answers it:
 * the latest version without a tenant, the caller's authorizations, Camunda's answers and errors.
 */
class StartByKeyAppTest extends EngineAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  @Autowired
  StartByKeyResource resource;

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Deploys a process of one user task (it stays running) under {@code key}, for {@code tenant} (or none). */
  private ProcessDefinition deploy(String key, String tenant) {
    var builder = engine.getRepositoryService().createDeployment().name("start-by-key-" + key)
        .addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key).startEvent().userTask("wait").endEvent().done());
    if (tenant != null) {
      builder.tenantId(tenant);
    }
    return builder.deployWithResult().getDeployedProcessDefinitions().get(0);
  }

  private ResponseEntity<String> start(String user, String password, String key, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth(user, password).exchange("/engine-rest/process-definition/key/" + key + "/start",
        HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void theLatestVersionStartsWithItsVariablesBusinessKeyAndCamundasAnswer() throws Exception {
    // given: two versions
    String key = "sbk_" + unique();
    deploy(key, null);
    ProcessDefinition latest = deploy(key, null);
    long before = resource.answered();
    // when
    ResponseEntity<String> answer = start(ADMIN, ADMIN_PASSWORD, key,
        "{\"businessKey\":\"order-7\",\"variables\":{\"size\":{\"value\":3,\"type\":\"Integer\"}},"
            + "\"withVariablesInReturn\":true}");
    // then
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(resource.answered()).as("answered by this resource, not Camunda's").isEqualTo(before + 1);
    JsonNode json = JSON.readTree(answer.getBody());
    assertThat(json.path("definitionId").asText()).isEqualTo(latest.getId());
    assertThat(json.path("businessKey").asText()).isEqualTo("order-7");
    assertThat(json.path("ended").asBoolean()).isFalse();
    assertThat(json.path("variables").path("size").path("value").asInt()).isEqualTo(3);
    String id = json.path("id").asText();
    assertThat(json.path("links").get(0).path("href").asText()).endsWith("/process-instance/" + id);
    assertThat(engine.getRuntimeService().getVariable(id, "size")).isEqualTo(3);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).singleResult()
        .getBusinessKey()).isEqualTo("order-7");
  }

  @Test
  void anUnknownKeyAndADefinitionOfATenantOnlyAreNotFoundAsCamundaSaysIt() throws Exception {
    String key = "sbk_tenant_" + unique();
    engine.getIdentityService().saveTenant(engine.getIdentityService().newTenant("t" + unique()));
    String tenant = engine.getIdentityService().createTenantQuery().orderByTenantId().desc().list().get(0).getId();
    deploy(key, tenant);
    for (String k : new String[] {"sbk_missing_" + unique(), key}) {
      ResponseEntity<String> answer = start(ADMIN, ADMIN_PASSWORD, k, "{}");
      assertThat(answer.getStatusCode()).as(k).isEqualTo(HttpStatus.NOT_FOUND);
      JsonNode json = JSON.readTree(answer.getBody());
      assertThat(json.path("type").asText()).isEqualTo("RestException");
      assertThat(json.path("message").asText())
          .isEqualTo("No matching process definition with key: " + k + " and no tenant-id");
    }
  }

  @Test
  void aDefinitionTheCallerMayNotReadIsNotFoundAndOneItMayNotStartIsForbidden() throws Exception {
    // given: a user who may create instances, and a definition it cannot read
    String key = "sbk_auth_" + unique();
    deploy(key, null);
    String user = "sbk-" + unique();
    TestUsers.create(engine, user, "secret");
    grant(user, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
    // then: not found, as an unknown key
    assertThat(start(user, "secret", key, "{}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    // when: it may read the definition, but not start it
    grant(user, Resources.PROCESS_DEFINITION, key, Permissions.READ);
    ResponseEntity<String> forbidden = start(user, "secret", key, "{}");
    // then: Camunda's refusal
    assertThat(forbidden.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(JSON.readTree(forbidden.getBody()).path("type").asText()).isEqualTo("AuthorizationException");
  }

  @Test
  void aStartOfATenantsDefinitionStaysCamundas() {
    String tenant = "t" + unique();
    engine.getIdentityService().saveTenant(engine.getIdentityService().newTenant(tenant));
    String key = "sbk_of_tenant_" + unique();
    deploy(key, tenant);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    long before = resource.answered();
    ResponseEntity<String> answer = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange(
        "/engine-rest/process-definition/key/" + key + "/tenant-id/" + tenant + "/start", HttpMethod.POST,
        new HttpEntity<>("{}", headers), String.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(resource.answered()).isEqualTo(before);
  }

  @Test
  void aStartTheEngineFailsLeavesNothingAndAnswersAsCamundaDoes() throws Exception {
    // given: a process whose first step fails inside the engine's start command
    String key = "sbk_fails_" + unique();
    ProcessDefinition definition = engine.getRepositoryService().createDeployment().name("start-by-key-" + key)
        .addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key).startEvent()
            .exclusiveGateway("noWayOut").condition("never", "${false}").endEvent("one")
            .moveToLastGateway().condition("nor", "${false}").endEvent("other").done())
        .deployWithResult().getDeployedProcessDefinitions().get(0);
    // when
    ResponseEntity<String> answer = start(ADMIN, ADMIN_PASSWORD, key, "{\"businessKey\":\"b-" + key + "\"}");
    // then: Camunda's answer to a start that failed, and nothing of it kept
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    JsonNode json = JSON.readTree(answer.getBody());
    assertThat(json.path("type").asText()).isEqualTo("RestException");
    assertThat(json.path("message").asText())
        .startsWith("Cannot instantiate process definition " + definition.getId() + ": ").contains("noWayOut");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key).count())
        .as("rolled back").isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key).count()).isZero();
    // and the next start of a good version goes through
    deploy(key, null);
    assertThat(start(ADMIN, ADMIN_PASSWORD, key, "{}").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aStartWhoseCommitFailsAnswersAsCamundaDoesAndLeavesNothing() throws Exception {
    // given: a business key longer than Camunda's column, which only the insert at the commit refuses
    String key = "sbk_commit_" + unique();
    ProcessDefinition definition = deploy(key, null);
    String tooLong = "k".repeat(300);
    // when
    ResponseEntity<String> answer = start(ADMIN, ADMIN_PASSWORD, key, "{\"businessKey\":\"" + tooLong + "\"}");
    // then: Camunda's answer to a start that failed, and nothing of it kept
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    JsonNode json = JSON.readTree(answer.getBody());
    assertThat(json.path("type").asText()).isEqualTo("RestException");
    assertThat(json.path("message").asText()).startsWith("Cannot instantiate process definition " + definition.getId() + ": ");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key).count()).isZero();
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key).count())
        .as("rolled back").isZero();
  }

  @Test
  void aVariableCamundaCannotReadIsABadRequestAndStartsNothing() throws Exception {
    String key = "sbk_badvar_" + unique();
    ProcessDefinition definition = deploy(key, null);
    ResponseEntity<String> answer = start(ADMIN, ADMIN_PASSWORD, key,
        "{\"variables\":{\"size\":{\"value\":\"three\",\"type\":\"Integer\"}}}");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode json = JSON.readTree(answer.getBody());
    assertThat(json.path("type").asText()).isEqualTo("InvalidRequestException");
    assertThat(json.path("message").asText())
        .startsWith("Cannot instantiate process definition " + definition.getId() + ": ");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key).count()).isZero();
  }

  private void grant(String user, Resources resource, String resourceId, Permissions permission) {
    Authorization authorization = engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setUserId(user);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    engine.getAuthorizationService().saveAuthorization(authorization);
  }
}
