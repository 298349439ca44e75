package dev.jobnet.engine.operaton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.Protocol;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * engine-app-operaton's own test (engine-app has none like it): the engine app on Operaton deploys the
 * example jobnets of the repository's {@code bpmn/} at start-up, and runs a job of one the way a worker
 * agent does, over the engine REST API, reading the job's {@code camunda:properties}. Only REST: it
 * knows neither Camunda's nor Operaton's Java API.
 */
class ExamplesOnOperatonAppTest extends EngineAppTest {

  /** The repository's examples: Maven runs the tests in {@code engine-app-operaton/}. */
  static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).getParent().resolve("bpmn");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WORKER = "operaton-test-agent";

  @Autowired
  TestRestTemplate rest;

  @DynamicPropertySource
  static void examples(DynamicPropertyRegistry registry) {
    // the app refuses to start when a file has a finding or a deployment fails (docs/deploying.md)
    registry.add("jobnet.definitions", EXAMPLES::toString);
  }

  @Test
  void everyExampleIsDeployedAtStartUp() throws Exception {
    // when
    ResponseEntity<String> response = admin().getForEntity(
        "/engine-rest/process-definition?latestVersion=true&maxResults=1000", String.class);
    // then: of every example file, its jobnets that are processes (roots) are deployed
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Set<String> deployed = new HashSet<>();
    for (JsonNode definition : JSON.readTree(response.getBody())) {
      deployed.add(definition.get("key").asText());
    }
    List<Path> files = exampleFiles();
    assertThat(files).as("the examples in " + EXAMPLES).hasSizeGreaterThanOrEqualTo(5);
    for (Path file : files) {
      assertThat(jobnetIds(file)).as("jobnets of " + file + " deployed (all deployed: " + deployed + ")")
          .containsAnyElementsOf(deployed);
    }
    assertThat(deployed).contains("job-test", "nightly-sales");
  }

  @Test
  void aJobOfAnExampleRunsOverTheEngineRestApiAsAnAgentRunsIt() throws Exception {
    // given: a run of job-test, started over REST as applications start runs
    ResponseEntity<String> started = admin().postForEntity("/engine-rest/process-definition/key/job-test/start",
        json("{}"), String.class);
    assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(HttpStatus.OK);
    String run = JSON.readTree(started.getBody()).get("id").asText();

    // when: fetched and locked as an agent fetches, with the job's properties
    JsonNode task = fetchAndLock(run);
    // then: the command comes from the BPMN's camunda:properties, which Operaton still reads
    assertThat(task.get("activityId").asText()).isEqualTo("hello");
    assertThat(task.get("extensionProperties").get(BpmnProperties.COMMAND).asText())
        .isEqualTo("echo hello from job-test");

    // when: completed
    ResponseEntity<String> completed = admin().postForEntity("/engine-rest/external-task/" + task.get("id").asText()
        + "/complete", json("{\"workerId\":\"" + WORKER + "\"}"), String.class);
    // then: the job and its run succeed
    assertThat(completed.getStatusCode()).as(completed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    JsonNode[] view = new JsonNode[1];
    await("run " + run + " to succeed").atMost(Duration.ofSeconds(20)).until(() -> {
      ResponseEntity<String> response = admin().getForEntity("/jobnet-api/runs/" + run, String.class);
      view[0] = JSON.readTree(response.getBody());
      return response.getStatusCode() == HttpStatus.OK && "SUCCEEDED".equals(view[0].path("state").asText());
    });
    assertThat(view[0].get("nodes").findValuesAsText("state")).contains("SUCCEEDED");
  }

  private JsonNode fetchAndLock(String run) {
    String body = """
        {"workerId":"%s","maxTasks":10,"usePriority":true,"topics":[{"topicName":"jobnet.default",
         "lockDuration":60000,"processDefinitionKey":"job-test","includeExtensionProperties":true}]}"""
        .formatted(WORKER);
    JsonNode[] found = new JsonNode[1];
    await("the job of run " + run + " to be fetched").atMost(Duration.ofSeconds(20)).until(() -> {
      ResponseEntity<String> response = admin().exchange("/engine-rest/external-task/fetchAndLock", HttpMethod.POST,
          json(body), String.class);
      assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
      for (JsonNode task : JSON.readTree(response.getBody())) {
        if (task.get("processInstanceId").asText().equals(run)) {
          found[0] = task;
        }
      }
      return found[0] != null;
    });
    return found[0];
  }

  private TestRestTemplate admin() {
    return rest.withBasicAuth(ADMIN, ADMIN_PASSWORD);
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION));
    return new HttpEntity<>(body, headers);
  }

  private static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> jobnetIds(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      Map<String, Object> yaml = new Yaml().load(reader);
      return new ArrayList<>(((Map<String, Object>) yaml.get("jobnets")).keySet());
    }
  }
}
