package dev.jobnet.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.ProblemAnswers;
import dev.jobnet.engine.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The engine app with the deployment endpoint and the test administrator; one tenant (with its
 * application user) and a small upload limit. Subclasses share one application context.
 */
@TestPropertySource(properties = {
    "jobnet.deployment.max-request-size=" + DeploymentApiTestBase.MAX_REQUEST_SIZE,
    "jobnet.tenants[0].id=" + DeploymentApiTestBase.TENANT,
    "jobnet.tenants[0].user=deploy-test-app",
    "jobnet.tenants[0].password=deploy-test-app-secret"})
abstract class DeploymentApiTestBase extends EngineAppTest {

  static final String TENANT = "deploy-test-tenant";
  static final String MAX_REQUEST_SIZE = "256KB";
  static final String PATH = "/jobnet-api/deployments";

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  @Autowired
  ObjectMapper json;

  @BeforeEach
  void admin() {
    TestUsers.ensureAdmin(engine);
  }

  /** A root id no other test of this JVM uses. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A root jobnet of two sequential jobs. */
  static String root(String id) {
    return """
        jobnets:
          %s:
            jobs:
              first: { run: /bin/true }
              second: { run: /bin/true }
        """.formatted(id);
  }

  /** A root jobnet that runs one job, then expands {@code expanded}. */
  static String expanding(String id, String expanded) {
    return """
        jobnets:
          %s:
            jobs:
              first: { run: /bin/true }
              call: { expand: %s }
        """.formatted(id, expanded);
  }

  /** A file to upload: its name and its bytes. */
  record NamedFile(String name, byte[] content) {}

  static List<NamedFile> files(String... nameAndContent) {
    List<NamedFile> files = new ArrayList<>();
    for (int i = 0; i < nameAndContent.length; i += 2) {
      files.add(new NamedFile(nameAndContent[i], nameAndContent[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return files;
  }

  /** Uploads files as multipart parts named {@code file}, as {@code curl -F file=@x.yaml} does. */
  Answer upload(String user, String password, String tenant, List<NamedFile> files) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    files.forEach(file -> form.add("file", new ByteArrayResource(file.content()) {
      @Override
      public String getFilename() {
        return file.name();
      }
    }));
    if (tenant != null) {
      form.add("tenant", tenant);
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    TestRestTemplate client = user == null ? rest : rest.withBasicAuth(user, password);
    return answer(client.postForEntity(PATH, new HttpEntity<>(form, headers), String.class));
  }

  Answer uploadAsAdmin(List<NamedFile> files) {
    return upload(ADMIN, ADMIN_PASSWORD, null, files);
  }

  /** Sends a JSON body. */
  Answer postJson(String body, String tenantParameter) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String path = tenantParameter == null ? PATH : PATH + "?tenant=" + tenantParameter;
    return answer(rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).postForEntity(path, new HttpEntity<>(body, headers), String.class));
  }

  long versions(String key) {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).count();
  }

  long allVersions() {
    return engine.getRepositoryService().createProcessDefinitionQuery().count();
  }

  private Answer answer(ResponseEntity<String> response) {
    try {
      JsonNode body = response.getBody() == null ? json.createObjectNode() : json.readTree(response.getBody());
      return new Answer(response.getStatusCode().value(), body, response.getHeaders());
    } catch (Exception e) {
      throw new AssertionError("the answer " + response.getStatusCode() + " is not JSON: " + response.getBody(), e);
    }
  }

  /** An HTTP answer with its JSON body. */
  record Answer(int status, JsonNode body, HttpHeaders headers) {

    /** Asserts that this answer is a problem of this status and reason, with {@code findings}; its body. */
    JsonNode assertProblem(int expectedStatus, String reason) {
      JsonNode problem = ProblemAnswers.assertProblem(status, headers.getContentType(), body.toString(),
          expectedStatus, reason);
      assertThat(problem.get("findings")).as("findings, an array: " + this).isNotNull();
      assertThat(problem.get("findings").isArray()).as("findings, an array: " + this).isTrue();
      return problem;
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
