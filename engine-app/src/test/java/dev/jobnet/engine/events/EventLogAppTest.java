package dev.jobnet.engine.events;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.Agents;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Protocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event log through a run with a failure, a retry, a skip and a stop, read with
 * {@code GET /jobnet-api/events} as an operator and as applications.
 */
@TestPropertySource(properties = {
    "jobnet.agent.user=" + EventLogAppTest.AGENT,
    "jobnet.agent.password=" + EventLogAppTest.AGENT_PASSWORD,
    "jobnet.tenants[0].id=shop",
    "jobnet.tenants[0].user=shop-app",
    "jobnet.tenants[0].password=shop-secret",
    "jobnet.tenants[1].id=bank",
    "jobnet.tenants[1].user=bank-app",
    "jobnet.tenants[1].password=bank-secret"})
class EventLogAppTest extends EngineAppTest {

  static final String AGENT = "agent";
  static final String AGENT_PASSWORD = "agent-secret";

  @Autowired
  ProcessEngine engine;
  @Autowired
  TestRestTemplate rest;
  @Autowired
  EventLog log;
  @Autowired
  PlatformTransactionManager transactions;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aRunWithAFailureARetryASkipAndAStopIsToldInOrder() throws Exception {
    // given: a fails once and is retried, fails again for good, so b is skipped; c runs until the run is stopped
    String key = deploy(null, """
        jobnets:
          ev-$:
            jobs:
              a: { run: a.sh, retry: 1, next: b }
              b: b.sh
              c: c.sh
        """);
    String run = startAs(ADMIN, key);
    LockedExternalTask a1 = Agents.fetch(engine, run, "a", "agent-1");
    placeMarker(a1, "agent-1", 1);
    engine.getExternalTaskService().handleFailure(a1.getId(), "agent-1", "exit status 3", "stderr: boom", 1, 0);
    LockedExternalTask c = Agents.fetch(engine, run, "c", "agent-2");
    placeMarker(c, "agent-2", 1);
    LockedExternalTask a2 = Agents.fetch(engine, run, "a", "agent-1");
    placeMarker(a2, "agent-1", 2);
    engine.getExternalTaskService().complete(a2.getId(), "agent-1", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 4"));
    // when: an operator stops the run
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> stop = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange("/jobnet-api/runs/" + run + "/stop",
        HttpMethod.POST, new HttpEntity<>("{\"reason\": \"the input is wrong\"}", headers), String.class);
    assertThat(stop.getStatusCode().is2xxSuccessful()).as("stop: %s", stop.getBody()).isTrue();

    // then: the run ends once its last branch has joined (a job of the job executor: no user)
    Agents.awaitEnded(engine, run);
    JsonNode page = events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run);
    List<JsonNode> events = list(page.get("events"));
    assertThat(events).extracting(e -> e.get("kind").asText(), e -> text(e, "elementId"),
            e -> e.get("kind").asText().equals("JOBNET_ENDED") ? "-" : text(e, "actor"))
        .containsExactly(
            tuple("JOBNET_STARTED", null, ADMIN),
            tuple("JOB_STARTED", "a", "agent-1"),
            tuple("JOB_FAILED", "a", "agent-1"),
            tuple("JOB_RETRIED", "a", null),
            tuple("JOB_STARTED", "c", "agent-2"),
            tuple("JOB_STARTED", "a", "agent-1"),
            tuple("JOB_FAILED", "a", "agent-1"),
            tuple("JOB_SKIPPED", "b", null),
            tuple("JOB_STOPPED", "c", ADMIN),
            tuple("JOBNET_ENDED", null, "-"));
    assertThat(page.get("total").asLong()).isEqualTo(10);
    JsonNode firstFailure = events.get(2);
    assertThat(firstFailure.get("message").asText()).contains("attempt 1").contains("exit status 3");
    assertThat(firstFailure.get("details").get("attempt").asInt()).isEqualTo(1);
    assertThat(firstFailure.get("details").get("final").asBoolean()).isFalse();
    assertThat(firstFailure.get("details").get("retriesLeft").asInt()).isEqualTo(1);
    assertThat(events.get(3).get("details").get("nextAttempt").asInt()).isEqualTo(2);
    JsonNode lastFailure = events.get(6);
    assertThat(lastFailure.get("details").get("attempt").asInt()).isEqualTo(2);
    assertThat(lastFailure.get("details").get("final").asBoolean()).isTrue();
    assertThat(lastFailure.get("details").get("reason").asText()).isEqualTo("exit status 4");
    assertThat(events.get(7).get("message").asText()).contains("upstream a FAILED");
    assertThat(events.get(8).get("message").asText()).contains("stopped by " + ADMIN + ": the input is wrong");
    assertThat(events.get(9).get("details").get("outcome").asText()).isEqualTo("STOPPED");
    assertThat(events.get(9).get("message").asText()).contains("stopped by " + ADMIN + ": the input is wrong");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.get("rootRunId").asText()).isEqualTo(run);
      assertThat(e.get("runId").asText()).isEqualTo(run);
      assertThat(e.get("time").asText()).endsWith("Z");
    });
  }

  @Test
  void aRunDeletedInCockpitOrThroughTheEngineRestApiIsToldStoppedByWhoDidIt() throws Exception {
    // given
    String key = deploy(null, "jobnets:\n  del-$:\n    jobs:\n      only: o.sh\n");
    String run = startAs(ADMIN, key);
    Agents.fetch(engine, run, "only", "agent-1");
    // when
    ResponseEntity<String> delete = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).exchange(
        "/engine-rest/process-instance/" + run, HttpMethod.DELETE, null, String.class);
    assertThat(delete.getStatusCode().is2xxSuccessful()).as("delete: %s", delete.getBody()).isTrue();
    // then
    assertThat(list(events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run).get("events")))
        .extracting(e -> e.get("kind").asText(), e -> text(e, "elementId"), e -> text(e, "actor"))
        .containsExactly(
            tuple("JOBNET_STARTED", null, ADMIN),
            tuple("JOB_STOPPED", "only", ADMIN),
            tuple("JOBNET_ENDED", null, ADMIN));
  }

  @Test
  void eventsAreFilteredByJobKindAndTimeAndComeAPageAtATime() throws Exception {
    // given: a run of three jobs that succeed
    String key = deploy(null, """
        jobnets:
          pg-$:
            jobs:
              x: { run: x.sh, next: y }
              y: { run: y.sh, next: z }
              z: z.sh
        """);
    String run = startAs(ADMIN, key);
    for (String job : List.of("x", "y", "z")) {
      engine.getExternalTaskService().complete(Agents.fetch(engine, run, job, "agent-1").getId(), "agent-1");
    }
    Agents.awaitEnded(engine, run);
    // when / then: by job
    assertThat(list(events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run + "&job=y").get("events")))
        .extracting(e -> e.get("kind").asText()).containsExactly("JOB_SUCCEEDED");
    // by kinds, as a list and repeated
    assertThat(events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run + "&kind=JOBNET_STARTED,jobnet_ended")
        .get("total").asLong()).isEqualTo(2);
    assertThat(events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run + "&kind=JOBNET_STARTED&kind=JOB_SUCCEEDED")
        .get("total").asLong()).isEqualTo(4);
    // pages, in order and newest first
    JsonNode second = events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run + "&size=2&page=1");
    assertThat(second.get("total").asLong()).isEqualTo(5);
    assertThat(second.get("page").asInt()).isEqualTo(1);
    assertThat(list(second.get("events"))).extracting(e -> text(e, "elementId")).containsExactly("y", "z");
    assertThat(list(events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run + "&size=1&order=desc").get("events")))
        .extracting(e -> e.get("kind").asText()).containsExactly("JOBNET_ENDED");
    // a time range: from the time of y's event, up to (not including) that of the last
    List<JsonNode> all = list(events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run).get("events"));
    String from = all.get(2).get("time").asText();
    String to = all.get(4).get("time").asText();
    List<JsonNode> range = list(events(ADMIN, ADMIN_PASSWORD, "rootRunId=" + run + "&from=" + from + "&to=" + to)
        .get("events"));
    // compared as instants: the text of a time on a whole second has no fraction ("...:20Z" < "...:20.044Z")
    List<Long> expected = all.stream().filter(e -> !Instant.parse(e.get("time").asText()).isBefore(Instant.parse(from))
        && Instant.parse(e.get("time").asText()).isBefore(Instant.parse(to))).map(e -> e.get("id").asLong()).toList();
    assertThat(range).extracting(e -> e.get("id").asLong()).containsExactlyElementsOf(expected);
    assertThat(expected).as("y's event is in its own range").contains(all.get(2).get("id").asLong());
  }

  @Test
  void applicationsReadTheEventsOfTheirOwnRunsOnlyAndAgentsNone() throws Exception {
    // given: a run of shop and one of bank
    String shopKey = deploy("shop", "jobnets:\n  t-$:\n    jobs:\n      only: o.sh\n");
    String bankKey = deploy("bank", "jobnets:\n  t-$:\n    jobs:\n      only: o.sh\n");
    String shopRun = engine.getRuntimeService().createProcessInstanceByKey(shopKey).processDefinitionTenantId("shop")
        .execute().getId();
    String bankRun = engine.getRuntimeService().createProcessInstanceByKey(bankKey).processDefinitionTenantId("bank")
        .execute().getId();
    // when / then
    JsonNode own = events("shop-app", "shop-secret", "kind=JOBNET_STARTED");
    assertThat(list(own.get("events"))).extracting(e -> e.get("rootRunId").asText()).contains(shopRun)
        .doesNotContain(bankRun);
    assertThat(list(own.get("events"))).allSatisfy(e -> assertThat(e.get("tenantId").asText()).isEqualTo("shop"));
    assertThat(events("shop-app", "shop-secret", "rootRunId=" + bankRun).get("total").asLong()).isZero();
    assertThat(assertProblem(get(AGENT, AGENT_PASSWORD, ""), 403, "FORBIDDEN").get("detail").asText())
        .isEqualTo("user '" + AGENT + "' may not read the event log: only members of jobnet-admins, camunda-admin"
            + " and the applications' groups (jobnet-app-<tenant>) may");
    assertProblem(rest.getForEntity("/jobnet-api/events", String.class), 401, "UNAUTHORIZED");
  }

  @Test
  void anEventTakesTheTenantOfItsRunUnlessItsRecorderSaidTheTenant() {
    // given: a run of shop
    String shopKey = deploy("shop", "jobnets:\n  t-$:\n    jobs:\n      only: o.sh\n");
    String shopRun = engine.getRuntimeService().createProcessInstanceByKey(shopKey).processDefinitionTenantId("shop")
        .execute().getId();
    String mark = UUID.randomUUID().toString();
    // when: one event leaves the tenant to be looked up, one says it (the recorder read it with the run)
    Event lookedUp = log.record(NewEvent.of(EventKind.JOB_RESOLVED).inRun(shopRun, shopRun).message(mark));
    Event said = log.record(NewEvent.of(EventKind.JOB_RESOLVED).inRun(shopRun, shopRun).tenant("shop").message(mark));
    Event saidNone = log.record(NewEvent.of(EventKind.JOB_RESOLVED).inRun(shopRun, shopRun).tenant(null).message(mark));
    // then: a tenant said is kept as said, none included: no look-up behind the recorder's back
    assertThat(lookedUp.tenantId()).isEqualTo("shop");
    assertThat(said.tenantId()).isEqualTo("shop");
    assertThat(saidNone.tenantId()).isNull();
  }

  @Test
  void aQueryThatCannotBeAnsweredIsRefusedSayingWhy() throws Exception {
    ResponseEntity<String> kind = get(ADMIN, ADMIN_PASSWORD, "kind=JOB_EXPLODED");
    assertThat(assertProblem(kind, 400, "BAD_REQUEST").get("detail").asText())
        .contains("unknown event kind 'JOB_EXPLODED'");
    ResponseEntity<String> time = get(ADMIN, ADMIN_PASSWORD, "from=yesterday");
    assertThat(assertProblem(time, 400, "BAD_REQUEST").get("detail").asText())
        .contains("from must be a time in ISO-8601");
    ResponseEntity<String> size = get(ADMIN, ADMIN_PASSWORD, "size=100000");
    assertThat(assertProblem(size, 400, "BAD_REQUEST").get("detail").asText())
        .contains("size must be a whole number from 1 to 500");
  }

  @Test
  void anEventRecordedInATransactionThatRollsBackIsGone() {
    // given
    String mark = "rolled back " + UUID.randomUUID();
    TransactionTemplate tx = new TransactionTemplate(transactions);
    // when: the event log is written, and the transaction is rolled back
    tx.executeWithoutResult(status -> {
      log.record(NewEvent.of(EventKind.AGENT_ONLINE).actor("agent-x").message(mark));
      status.setRollbackOnly();
    });
    log.record(NewEvent.of(EventKind.AGENT_ONLINE).actor("agent-x").message("kept"));
    // then
    List<String> messages = log.find(new EventQuery(null, null, java.util.Set.of(EventKind.AGENT_ONLINE), null, null,
        null, 0, 500, false)).events().stream().map(Event::message).toList();
    assertThat(messages).contains("kept").doesNotContain(mark);
  }

  private String deploy(String tenant, String yamlTemplate) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String yaml = yamlTemplate.replace("$", suffix);
    JobnetDeployment.deploy(engine, tenant, yaml);
    return yaml.lines().filter(l -> l.startsWith("  ") && !l.startsWith("    ")).findFirst().orElseThrow().strip()
        .replace(":", "");
  }

  private String startAs(String user, String key) {
    engine.getIdentityService().setAuthentication(user, List.of(Groups.CAMUNDA_ADMIN));
    try {
      return engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  private void placeMarker(LockedExternalTask task, String worker, int attempt) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> r = rest.withBasicAuth(AGENT, AGENT_PASSWORD).exchange(
        "/jobnet-api/jobs/" + task.getId() + "/start", HttpMethod.POST,
        new HttpEntity<>("{\"workerId\":\"" + worker + "\",\"attempt\":" + attempt + "}", headers), String.class);
    assertThat(r.getStatusCode().is2xxSuccessful()).as("start marker: %s", r.getBody()).isTrue();
  }

  private ResponseEntity<String> get(String user, String password, String query) {
    return rest.withBasicAuth(user, password).getForEntity("/jobnet-api/events?" + query, String.class);
  }

  private JsonNode events(String user, String password, String query) throws Exception {
    ResponseEntity<String> r = get(user, password, query);
    assertThat(r.getStatusCode()).as("%s", r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> result = new ArrayList<>();
    array.forEach(result::add);
    return result;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
