package dev.jobnet.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.EngineAppTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Health over HTTP as a load balancer and an operator see it: the probes without credentials (status
 * only, readiness UP while the mail server is down), everything else for operators only. The mail
 * server is a closed port: Actuator's mail health is DOWN.
 */
@TestPropertySource(properties = {
    "jobnet.agent.user=" + HealthAndMetricsAppTest.AGENT,
    "jobnet.agent.password=" + HealthAndMetricsAppTest.AGENT_PASSWORD,
    "spring.mail.host=127.0.0.1",
    "spring.mail.port=1",
    "jobnet.notify.enabled=false"})
class HealthAndMetricsAppTest extends EngineAppTest {

  static final String AGENT = "metrics-agent";
  static final String AGENT_PASSWORD = "metrics-agent-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  TestRestTemplate rest;

  private TestRestTemplate admin() {
    return rest.withBasicAuth(ADMIN, ADMIN_PASSWORD);
  }

  private TestRestTemplate agent() {
    return rest.withBasicAuth(AGENT, AGENT_PASSWORD);
  }

  private static JsonNode json(ResponseEntity<String> answer) {
    try {
      return JSON.readTree(answer.getBody());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + answer.getBody(), e);
    }
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // health

  @Test
  void livenessAnswersAnyoneWithTheStatusOnly() {
    // when
    ResponseEntity<String> live = rest.getForEntity("/actuator/health/liveness", String.class);
    // then
    assertThat(live.getStatusCode().value()).as(live.getBody()).isEqualTo(200);
    assertThat(fields(json(live))).containsExactly("status");
    assertThat(json(live).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void readinessAnswersAnyoneWithTheStatusOnlyAndIsUpWhileTheMailServerIsDown() {
    // when
    ResponseEntity<String> ready = rest.getForEntity("/actuator/health/readiness", String.class);
    ResponseEntity<String> health = admin().getForEntity("/actuator/health", String.class);
    // then
    assertThat(ready.getStatusCode().value()).as(ready.getBody()).isEqualTo(200);
    assertThat(fields(json(ready))).containsExactly("status");
    assertThat(json(ready).get("status").asText()).isEqualTo("UP");
    assertThat(json(health).at("/components/mail/status").asText()).as(health.getBody()).isEqualTo("DOWN");
  }

  @Test
  void healthDetailsNeedAnOperator() {
    // when
    ResponseEntity<String> anonymous = rest.getForEntity("/actuator/health", String.class);
    ResponseEntity<String> asAgent = agent().getForEntity("/actuator/health", String.class);
    ResponseEntity<String> asAdmin = admin().getForEntity("/actuator/health", String.class);
    ResponseEntity<String> component = rest.getForEntity("/actuator/health/db", String.class);
    // then
    assertThat(anonymous.getStatusCode().value()).as(anonymous.getBody()).isEqualTo(401);
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Basic realm=\"jobnet\"");
    assertThat(json(anonymous).get("reason").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(component.getStatusCode().value()).as(component.getBody()).isEqualTo(401);
    assertThat(asAgent.getStatusCode().value()).as(asAgent.getBody()).isEqualTo(403);
    assertThat(json(asAgent).get("reason").asText()).isEqualTo("FORBIDDEN");
    // the mail server is down, so the whole is DOWN (503), with every component's details
    assertThat(asAdmin.getStatusCode().value()).as(asAdmin.getBody()).isEqualTo(503);
    JsonNode components = json(asAdmin).get("components");
    assertThat(components.at("/db/status").asText()).isEqualTo("UP");
    assertThat(components.at("/db/details/database").asText()).isNotEmpty();
    assertThat(components.at("/processEngine/status").asText()).isEqualTo("UP");
    assertThat(components.at("/jobExecutor/status").asText()).isEqualTo("UP");
    assertThat(components.at("/readinessState/status").asText()).isEqualTo("UP");
  }
}
