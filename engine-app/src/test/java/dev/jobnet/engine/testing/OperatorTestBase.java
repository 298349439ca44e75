package dev.jobnet.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The engine app with an agents' user, and what tests of operators' actions and of the watchdog need:
 * deploy and start jobnets, play an agent (fetch and lock with the engine's API, the start marker and
 * the registry heartbeat over REST), read runs, and wait for conditions with a deadline.
 */
@TestPropertySource(properties = {
    "jobnet.agent.user=" + OperatorTestBase.AGENT,
    "jobnet.agent.password=" + OperatorTestBase.AGENT_PASSWORD})
public abstract class OperatorTestBase extends EngineAppTest {

  public static final String AGENT = "agent";
  public static final String AGENT_PASSWORD = "agent-secret";

  protected static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  @Autowired
  protected TestRestTemplate rest;
  @Autowired
  protected ProcessEngine engine;

  /** Deploys a jobnet; {@code %s} in the YAML is replaced by a fresh key, which is returned. */
  protected String deploy(String yamlWithKeyPlaceholder) {
    String key = "ops-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, yamlWithKeyPlaceholder.formatted(key));
    return key;
  }

  protected String start(String key) {
    return engine.getRuntimeService().startProcessInstanceByKey(key).getId();
  }

  /** Fetches and locks the job {@code activityId} of a run for {@code worker}, waiting for it (20 s at most). */
  protected LockedExternalTask fetch(String run, String activityId, String worker, long lockMillis) {
    await("job " + activityId + " of run " + run + " fetchable", Duration.ofSeconds(20),
        () -> task(run, activityId) != null && task(run, activityId).getWorkerId() == null);
    ExternalTask t = task(run, activityId);
    List<LockedExternalTask> locked = engine.getExternalTaskService().fetchAndLock(50, worker)
        .topic(t.getTopicName(), lockMillis).processDefinitionId(t.getProcessDefinitionId()).execute();
    LockedExternalTask found = null;
    for (LockedExternalTask l : locked) {
      if (l.getActivityId().equals(activityId) && l.getProcessInstanceId().equals(run)) {
        found = l;
      } else {
        engine.getExternalTaskService().unlock(l.getId());
      }
    }
    assertThat(found).as("job " + activityId + " fetched").isNotNull();
    return found;
  }

  /** Fetches the job and posts its start marker as {@code worker}: the job is RUNNING there. */
  protected LockedExternalTask startJob(String run, String activityId, String worker, int attempt, long lockMillis) {
    LockedExternalTask t = fetch(run, activityId, worker, lockMillis);
    ResponseEntity<String> r = post(agent(), "/jobnet-api/jobs/" + t.getId() + "/start",
        "{\"workerId\":\"" + worker + "\",\"attempt\":" + attempt + "}");
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return t;
  }

  /** The agent registry heartbeat of {@code name}, reporting the given running jobs. */
  protected ResponseEntity<String> heartbeat(String name, List<String> servers, long lockMillis,
      List<ExternalTask> running) {
    List<Map<String, String>> jobs = new ArrayList<>();
    for (ExternalTask t : running) {
      jobs.add(Map.of("taskId", t.getId(), "processInstanceId", t.getProcessInstanceId(),
          "activityId", t.getActivityId()));
    }
    try {
      String body = JSON.writeValueAsString(Map.of("servers", servers, "capacity", 4, "heartbeatMillis", 1000,
          "lockMillis", lockMillis, "running", jobs));
      return post(agent(), "/jobnet-api/agents/" + name + "/heartbeat", body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  protected ExternalTask task(String run, String activityId) {
    return engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run).activityId(activityId)
        .singleResult();
  }

  protected Incident incident(String run, String activityId) {
    return engine.getRuntimeService().createIncidentQuery().processInstanceId(run).activityId(activityId)
        .singleResult();
  }

  /** The run tree ({@code GET /jobnet-api/runs/{id}}) as the administrator. */
  protected JsonNode runTree(String run) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/runs/" + run, String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return json(r.getBody());
  }

  /** A node of the run tree by element id, searched at any depth. */
  protected JsonNode node(String run, String elementId) {
    JsonNode found = find(runTree(run).get("nodes"), elementId);
    assertThat(found).as("node " + elementId + " in run " + run).isNotNull();
    return found;
  }

  protected String state(String run, String elementId) {
    return node(run, elementId).get("state").asText();
  }

  protected String runState(String run) {
    return runTree(run).get("state").asText();
  }

  private static JsonNode find(JsonNode nodes, String elementId) {
    if (nodes == null) {
      return null;
    }
    for (JsonNode n : nodes) {
      if (elementId.equals(n.get("elementId").asText())) {
        return n;
      }
      JsonNode inner = find(n.get("children"), elementId);
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  protected void awaitState(String run, String elementId, String state) {
    await(elementId + " of run " + run + " " + state, Duration.ofSeconds(20), () -> state.equals(state(run, elementId)));
  }

  protected void awaitRunState(String run, String state) {
    await("run " + run + " " + state, Duration.ofSeconds(20), () -> state.equals(runState(run)));
  }

  /** Waits for a condition, failing with what was awaited when the deadline passes. */
  protected static void await(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited " + deadline + " for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  protected TestRestTemplate admin() {
    return rest.withBasicAuth(ADMIN, ADMIN_PASSWORD);
  }

  protected TestRestTemplate agent() {
    return rest.withBasicAuth(AGENT, AGENT_PASSWORD);
  }

  protected static ResponseEntity<String> post(TestRestTemplate rest, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
  }

  /** The agent's report of a job that SUCCEEDED. */
  protected void succeed(LockedExternalTask t) {
    engine.getExternalTaskService().complete(t.getId(), t.getWorkerId());
  }

  /** The agent's report of a last attempt that failed: the job is FAILED. */
  protected void failJob(LockedExternalTask t, String reason) {
    engine.getExternalTaskService().complete(t.getId(), t.getWorkerId(), null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, reason));
  }

  /** "KIND element actor" of each event of the run ({@code -} for no element), oldest first. */
  protected List<String> eventLines(String run) {
    JsonNode events = json(admin().getForEntity("/jobnet-api/events?rootRunId=" + run + "&order=asc&size=200",
        String.class).getBody()).get("events");
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      out.add(e.get("kind").asText() + " " + e.path("elementId").asText("-") + " " + e.path("actor").asText("null"));
    }
    return out;
  }

  /**
   * A fork into two branches joined again, and a finally: {@code first} then {@code long} and {@code
   * side}, then {@code after}; {@code _finally.cleanup}. {@code %s} is the key.
   */
  protected static final String FORK_AND_FINALLY = """
      jobnets:
        %s:
          jobs:
            first: { run: echo first, next: [long, side] }
            long: { run: echo long, next: after }
            side: { run: echo side, next: after }
            after: echo after
          finally:
            jobs:
              cleanup: echo cleanup
      """;

  protected static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
