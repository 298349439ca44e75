package dev.jobnet.engine.enginerest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.EngineAppTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.Deployment;
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
 * The engine REST API reads and writes JSON with the one shared mapper, configured as Camunda's own.
 * Jersey asks the resolvers in turn until one answers, and Camunda's always answers: the shared
 * mapper's count rising shows it is asked first.
 */
class EngineRestJsonAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  @Autowired
  SharedObjectMapper shared;

  @Test
  void answersAreWrittenWithTheSharedMapperInCamundasDateFormat() throws Exception {
    // given
    Deployment deployment = engine.getRepositoryService().createDeployment().name("json-mapper")
        .addModelInstance("json-mapper.bpmn", Bpmn.createExecutableProcess("json_mapper").startEvent().endEvent().done())
        .deploy();
    long before = shared.handedOut();
    // when
    ResponseEntity<String> answer = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD)
        .getForEntity("/engine-rest/deployment/" + deployment.getId(), String.class);
    // then
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode json = new ObjectMapper().readTree(answer.getBody());
    assertThat(json.path("name").asText()).isEqualTo("json-mapper");
    assertThat(json.path("deploymentTime").asText()).as("Camunda's date format")
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}");
    assertThat(shared.handedOut()).as("the shared mapper wrote it").isGreaterThan(before);
  }

  @Test
  void requestBodiesAreReadWithTheSharedMapperAndUnknownMembersIgnoredAsCamundaDoes() throws Exception {
    // given
    engine.getRepositoryService().createDeployment().name("json-mapper-start")
        .addModelInstance("json-mapper-start.bpmn",
            Bpmn.createExecutableProcess("json_mapper_start").startEvent().userTask().endEvent().done())
        .deploy();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    long before = shared.handedOut();
    // when: a start with a variable, then one with a member Camunda does not know
    ResponseEntity<String> started = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange(
        "/engine-rest/process-definition/key/json_mapper_start/start", HttpMethod.POST,
        new HttpEntity<>("{\"businessKey\":\"json-1\",\"variables\":{\"size\":{\"value\":42,\"type\":\"Integer\"}}}",
            headers), String.class);
    ResponseEntity<String> unknown = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange(
        "/engine-rest/process-definition/key/json_mapper_start/start", HttpMethod.POST,
        new HttpEntity<>("{\"noSuchMember\":1}", headers), String.class);
    // then
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
    String id = new ObjectMapper().readTree(started.getBody()).path("id").asText();
    assertThat(engine.getRuntimeService().getVariable(id, "size")).isEqualTo(42);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).singleResult()
        .getBusinessKey()).isEqualTo("json-1");
    assertThat(unknown.getStatusCode()).as("Camunda's mapper ignores members it does not know").isEqualTo(HttpStatus.OK);
    assertThat(shared.handedOut()).isGreaterThan(before);
  }
}
