package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.agents.AgentState;
import dev.jobnet.engine.agents.AgentView;
import dev.jobnet.engine.agents.StuckJobs;
import dev.jobnet.protocol.FetchHeaders;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Start markers written by the fetch itself: an agent that names its fetch ({@link FetchHeaders}) over
 * the REST API gets each job's marker written in the fetch's transaction, and the attempt in the
 * answer; a fetch its agent never received does not turn into a second start.
 */
class FetchMarkerAppTest extends JobsAppTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  StartMarkerStore markers;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  StuckJobs stuckJobs;
  @Autowired
  LostFetches lostFetches;
  @Autowired
  FilterRegistrationBean<FetchNamingFilter> fetchNaming;

  String key;
  String definition;
  String run;
  /** Fetch names of this test alone (the engine is shared by the tests of this context). */
  String prefix;

  @BeforeEach
  void aRun() {
    key = deploy("shop");
    run = engine.getRuntimeService().createProcessInstanceByKey(key).processDefinitionTenantId("shop").execute().getId();
    definition = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(run).singleResult()
        .getProcessDefinitionId();
    prefix = UUID.randomUUID().toString().substring(0, 8);
  }

  /** A fetch over REST as {@code rest}'s user, for this run's definition, with the naming headers given. */
  private JsonNode fetch(TestRestTemplate rest, String worker, long lockMillis, Map<String, String> naming)
      throws Exception {
    return fetch(rest, worker, lockMillis, naming, definition);
  }

  /** A fetch of {@code worker} that finds no job and names {@code lost} as never received. */
  private void declareLost(String worker, String fetch, String lost) throws Exception {
    assertThat(fetch(agent(), worker, 60_000, Map.of(FetchHeaders.FETCH, prefix + fetch, FetchHeaders.WORKER, worker,
        FetchHeaders.LOST, prefix + lost), "no-such-definition")).isEmpty();
  }

  private JsonNode fetch(TestRestTemplate rest, String worker, long lockMillis, Map<String, String> naming,
      String definition) throws Exception {
    return fetch(rest, worker, lockMillis, naming, definition, null);
  }

  private JsonNode fetch(TestRestTemplate rest, String worker, long lockMillis, Map<String, String> naming,
      String definition, Long waitMillis) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION));
    headers.setContentType(MediaType.APPLICATION_JSON);
    naming.forEach(headers::set);
    String body = "{\"workerId\":\"" + worker + "\",\"maxTasks\":5,\"usePriority\":false,"
        + (waitMillis == null ? "" : "\"asyncResponseTimeout\":" + waitMillis + ",") + "\"topics\":[{\"topicName\":\""
        + TOPIC + "\",\"lockDuration\":" + lockMillis + ",\"includeExtensionProperties\":true,"
        + "\"processDefinitionId\":\"" + definition + "\"}]}";
    ResponseEntity<String> r = rest.exchange("/engine-rest/external-task/fetchAndLock", HttpMethod.POST,
        new HttpEntity<>(body, headers), String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return JSON.readTree(r.getBody());
  }

  private JsonNode namedFetch(String worker, String fetch, long lockMillis) throws Exception {
    return fetch(agent(), worker, lockMillis, Map.of(FetchHeaders.FETCH, prefix + fetch, FetchHeaders.WORKER, worker));
  }

  /** The one task of this run a fetch answered. */
  private JsonNode theTask(JsonNode fetched) {
    assertThat(fetched).as(fetched.toString()).hasSize(1);
    return fetched.get(0);
  }

  private static JsonNode marked(JsonNode task) {
    return task.path("variables").path(ProcessVariables.START_MARKED).path("value");
  }

  private int jobStartedEvents() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM jobnet_event WHERE run_id = ? AND kind = 'JOB_STARTED'",
        Integer.class, run);
  }

  private ExternalTask task(String id) {
    return engine.getExternalTaskService().createExternalTaskQuery().externalTaskId(id).singleResult();
  }

  @Test
  void aNamedFetchWritesTheMarkerInItsOwnTransactionAndSaysSoInItsAnswer() throws Exception {
    // when
    JsonNode task = theTask(namedFetch("agent-1", "a-1", 60_000));
    // then: the answer names the attempt the marker was written for
    assertThat(marked(task).asInt()).isEqualTo(1);
    assertThat(task.path("variables").path(ProcessVariables.START_MARKED).path("type").asText()).isEqualTo("Integer");
    String id = task.get("id").asText();
    StartMarker marker = markers.of(id).orElseThrow();
    assertThat(marker.agent()).isEqualTo("agent-1");
    assertThat(marker.attempt()).isEqualTo(1);
    assertThat(markers.fetchOf(id)).contains(prefix + "a-1");
    assertThat(jobStartedEvents()).isEqualTo(1);
    // and the variable is the answer's only: nothing stored on the job
    assertThat(engine.getRuntimeService().getVariables(task.get("executionId").asText()))
        .doesNotContainKey(ProcessVariables.START_MARKED);
    // and the agent's start marker request, were it sent (an older agent), is answered as a repeat
    ResponseEntity<String> repeat = postJson(agent(), "/jobnet-api/jobs/" + id + "/start", marker("agent-1", 1));
    assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JSON.readTree(repeat.getBody()).get("startedAt").asText()).isEqualTo(marker.startedAt().toString());
    assertThat(jobStartedEvents()).isEqualTo(1);
  }

  @Test
  void aFetchThatDoesNotNameItselfIsLeftAsCamundaAnswersIt() throws Exception {
    // when: a plain Camunda client, or an older agent
    JsonNode task = theTask(fetch(agent(), "agent-1", 60_000, Map.of()));
    // then
    assertThat(marked(task).isMissingNode()).isTrue();
    assertThat(markers.of(task.get("id").asText())).isEmpty();
    assertThat(jobStartedEvents()).isZero();
  }

  @Test
  void namesSentByAnyoneButAnAgentAreIgnored() throws Exception {
    // when: a Camunda administrator fetches with the headers
    JsonNode task = theTask(fetch(camundaAdminOnly(), "admin-worker", 60_000,
        Map.of(FetchHeaders.FETCH, prefix + "x-1", FetchHeaders.WORKER, "admin-worker")));
    // then
    assertThat(marked(task).isMissingNode()).isTrue();
    assertThat(markers.of(task.get("id").asText())).isEmpty();
  }

  @Test
  void aJobOfAFetchWhoseAnswerWasLostGoesToTheNextAgentAsNeverStarted() throws Exception {
    // given: agent-1's fetch locked the job (1 ms), but its answer never reached agent-1
    String id = theTask(namedFetch("agent-1", "a-1", 1)).get("id").asText();
    assertThat(markers.fetchOf(id)).contains(prefix + "a-1");
    // when: agent-1's next fetch says so, and agent-2 fetches the job once the lock ran out
    declareLost("agent-1", "a-2", "a-1");
    awaitLockExpired(id);
    JsonNode again = theTask(namedFetch("agent-2", "b-1", 60_000));
    // then: the marker is agent-2's, written by its fetch; no second start, no incident
    assertThat(again.get("id").asText()).isEqualTo(id);
    assertThat(marked(again).asInt()).isEqualTo(1);
    assertThat(markers.of(id).orElseThrow().agent()).isEqualTo("agent-2");
    assertThat(markers.fetchOf(id)).contains(prefix + "b-1");
    assertThat(task(id).getRetries()).as("not STUCK").isNull();
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(run).count()).isZero();
  }

  @Test
  void aJobOfAFetchNotKnownLostIsLeftToTheGuard() throws Exception {
    // given: agent-1's fetch locked the job (1 ms); agent-1 may have started it
    String id = theTask(namedFetch("agent-1", "a-1", 1)).get("id").asText();
    awaitLockExpired(id);
    // when: agent-2 fetches it
    JsonNode again = theTask(namedFetch("agent-2", "b-1", 60_000));
    // then: no marker for agent-2: its start marker request meets the re-delivery guard
    assertThat(marked(again).isMissingNode()).isTrue();
    assertThat(markers.of(id).orElseThrow().agent()).isEqualTo("agent-1");
    ResponseEntity<String> start = postJson(agent(), "/jobnet-api/jobs/" + id + "/start", marker("agent-2", 1));
    assertThat(start.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(JSON.readTree(start.getBody()).get("stuck").asBoolean()).isTrue();
    assertThat(task(id).getRetries()).as("STUCK").isZero();
  }

  @Test
  void theSameWorkerFetchingItsJobAgainKeepsTheMarkerWhichThenCanNoLongerCountAsLost() throws Exception {
    // given: agent-1's fetch a-1 locked the job (1 ms) and the lock ran out
    String id = theTask(namedFetch("agent-1", "a-1", 1)).get("id").asText();
    java.time.Instant startedAt = markers.of(id).orElseThrow().startedAt();
    awaitLockExpired(id);
    // when: agent-1 fetches it again (it runs it already if a-1 arrived: its journal decides)
    JsonNode again = theTask(namedFetch("agent-1", "a-2", 60_000));
    // then: the same marker, tied to no fetch: a-1 declared lost now cannot free the job
    assertThat(marked(again).asInt()).isEqualTo(1);
    assertThat(markers.of(id).orElseThrow().startedAt()).isEqualTo(startedAt);
    assertThat(markers.fetchOf(id)).isEmpty();
    declareLost("agent-1", "a-3", "a-1");
    ResponseEntity<String> start = postJson(agent(), "/jobnet-api/jobs/" + id + "/start", marker("agent-2", 1));
    assertThat(start.getStatusCode()).as("agent-2 does not hold it").isEqualTo(HttpStatus.CONFLICT);
    assertThat(markers.of(id).orElseThrow().agent()).isEqualTo("agent-1");
    assertThat(jobStartedEvents()).isEqualTo(1);
  }

  @Test
  void theWatchdogLeavesAJobOfALostFetchToItsLockAndMakesTheOthersOfASilentAgentStuck() throws Exception {
    // given: two jobs fetched by agent-1; the first fetch recorded lost, though its job was not given back
    // (its marker committed after the declaration, say)
    String lost = theTask(namedFetch("agent-1", "a-1", 60_000)).get("id").asText();
    lostFetches.declare("agent-1", List.of(prefix + "a-1"));
    run = engine.getRuntimeService().createProcessInstanceByKey(key).processDefinitionTenantId("shop").execute().getId();
    String received = theTask(namedFetch("agent-1", "a-3", 60_000)).get("id").asText();
    // when: agent-1 falls silent and the watchdog looks at its jobs
    Instant now = Instant.now();
    AgentView silent = new AgentView("agent-1", List.of("default"), 4, 1_000, 60_000, List.of(), AgentState.OFFLINE,
        now, now.minusSeconds(600), now.minusSeconds(120));
    // then
    assertThat(stuckJobs.makeStuck(lost, silent, now)).as("nobody started it").isEmpty();
    assertThat(task(lost).getRetries()).isNull();
    assertThat(stuckJobs.makeStuck(received, silent, now)).as("it may be running there").isPresent();
    assertThat(task(received).getRetries()).isZero();
  }

  @Test
  void aJobOfALostFetchIsGivenBackAtOnce() throws Exception {
    // given: agent-1's fetch locked the job for a minute, its answer lost
    String id = theTask(namedFetch("agent-1", "a-1", 60_000)).get("id").asText();
    // when
    declareLost("agent-1", "a-2", "a-1");
    // then: no marker, no lock: the next agent gets it without waiting for the lock to run out
    assertThat(markers.of(id)).isEmpty();
    assertThat(task(id).getWorkerId()).isNull();
    JsonNode next = theTask(namedFetch("agent-2", "b-1", 60_000));
    assertThat(marked(next).asInt()).isEqualTo(1);
    // and declaring it again changes nothing
    declareLost("agent-1", "a-3", "a-1");
    assertThat(markers.of(id).orElseThrow().agent()).isEqualTo("agent-2");
    assertThat(task(id).getWorkerId()).isEqualTo("agent-2");
  }

  @Test
  void aJobOfALostFetchTheWatchdogMadeStuckMeanwhileIsNoLongerStuck() throws Exception {
    // given: agent-1's fetch locked the job, its answer was lost, and agent-1 was out of reach long enough
    // for the watchdog to make the job STUCK
    String id = theTask(namedFetch("agent-1", "a-1", 60_000)).get("id").asText();
    Instant now = Instant.now();
    AgentView silent = new AgentView("agent-1", List.of("default"), 4, 1_000, 60_000, List.of(), AgentState.OFFLINE,
        now, now.minusSeconds(600), now.minusSeconds(120));
    assertThat(stuckJobs.makeStuck(id, silent, now)).isPresent();
    // when: agent-1 is back and says it never received that fetch's answer
    declareLost("agent-1", "a-2", "a-1");
    // then: not STUCK, its retries back, unlocked, and the event says why
    ExternalTask task = task(id);
    assertThat(task.getRetries()).isPositive();
    assertThat(task.getWorkerId()).isNull();
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(run).count()).isZero();
    assertThat(jdbc.queryForList("SELECT message FROM jobnet_event WHERE run_id = ? AND kind = 'JOB_STUCK_WITHDRAWN'",
        String.class, run)).singleElement().asString().contains("never received").contains("the next agent runs it");
    assertThat(marked(theTask(namedFetch("agent-2", "b-1", 60_000))).asInt()).isEqualTo(1);
  }

  @Test
  void aJobHandedToAFetchThatWaitedIsNotMarkedAndItsAgentPlacesTheMarker() throws Exception {
    // given: a jobnet without runs, and agent-1's named fetch waiting for its jobs (a long poll)
    String otherKey = deploy("shop");
    String otherDefinition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(otherKey).singleResult().getId();
    long waitingBefore = fetchNaming.getFilter().waitingFetches();
    CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> {
      try {
        return fetch(agent(), "agent-1", 60_000, Map.of(FetchHeaders.FETCH, prefix + "w-1", FetchHeaders.WORKER,
            "agent-1"), otherDefinition, 30_000L);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (fetchNaming.getFilter().waitingFetches() == waitingBefore) {
      assertThat(System.nanoTime()).as("the fetch to wait for jobs").isLessThan(deadline);
      Thread.sleep(20);
    }
    // when: a run makes a job, which Camunda hands to the waiting fetch from its own thread
    engine.getRuntimeService().createProcessInstanceByKey(otherKey).processDefinitionTenantId("shop").execute();
    JsonNode task = theTask(answer.get(30, TimeUnit.SECONDS));
    // then: not marked (the agent might have died while it waited: nobody would start the job, and a
    // marker would make it STUCK instead of letting the lock run out); its agent asks for the marker
    String id = task.get("id").asText();
    assertThat(marked(task).isMissingNode()).isTrue();
    assertThat(markers.of(id)).isEmpty();
    ResponseEntity<String> start = postJson(agent(), "/jobnet-api/jobs/" + id + "/start", marker("agent-1", 1));
    assertThat(start.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(markers.of(id).orElseThrow().agent()).isEqualTo("agent-1");
  }
}
