package dev.jobnet.engine.agents;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The agent registry and the watchdog: agents report themselves, a silent agent's started jobs become
 * STUCK before their locks expire and stop being STUCK when it comes back, jobs for a server nobody
 * serves fail, and jobs for a server whose agents are offline say so.
 */
@TestPropertySource(properties = {
    "jobnet.agents.offline-after=PT1S",
    "jobnet.agents.watchdog-interval=PT0.2S",
    "jobnet.agents.unknown-server-grace=PT1S"})
class AgentsAppTest extends OperatorTestBase {

  private static final String ONE_JOB = """
      jobnets:
        %s:
          jobs:
            work: sleep 100
            after: echo after
      """;

  @Autowired
  Watchdog watchdog;
  @Autowired
  AgentRegistry registry;

  @Test
  void anAgentOlderThanTheProtocolIsToldToUpgradeAtEachHeartbeat() throws Exception {
    // given: an agent of protocol 1, which sends no protocol header
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String report = "{\"servers\":[\"default\"],\"capacity\":1,\"heartbeatMillis\":1000,\"lockMillis\":60000,"
        + "\"running\":[]}";
    // when
    ResponseEntity<String> beat = agent().exchange("/jobnet-api/agents/old-agent/heartbeat", HttpMethod.POST,
        new HttpEntity<>(report, headers), String.class);
    // then: its report is taken (operators see it), with a warning it logs
    assertThat(beat.getStatusCode().value()).as(beat.getBody()).isEqualTo(200);
    assertThat(json(beat.getBody()).get("warning").asText()).contains("no Jobnet-Protocol header")
        .contains("upgrade the agent").contains("not started");
  }

  @Test
  void anAgentWhoseHeartbeatTheWatchdogCannotWaitForIsWarnedAndOneThatFitsIsNot() throws Exception {
    // given: this engine takes an agent silent for 1 s for offline
    String slow = "{\"servers\":[\"default\"],\"capacity\":1,\"heartbeatMillis\":5000,\"lockMillis\":60000,"
        + "\"running\":[]}";
    String fitting = slow.replace("5000", "400");
    // when: an agent beating every 5 s, then one beating every 0.4 s, report themselves
    JsonNode late = json(post(agent(), "/jobnet-api/agents/slow-beat/heartbeat", slow).getBody());
    JsonNode fine = json(post(agent(), "/jobnet-api/agents/quick-beat/heartbeat", fitting).getBody());
    // then: the first is told what will happen to its jobs and what to change; the second hears nothing
    assertThat(late.get("warning").asText()).contains("heartbeat (5000 ms)").contains("offline-after (1000 ms)")
        .contains("STUCK between two of its heartbeats").contains("JOBNET_AGENT_HEARTBEAT")
        .contains("JOBNET_AGENTS_OFFLINE_AFTER");
    assertThat(fine.has("warning")).as(fine.toString()).isFalse();
    assertThat(AgentsController.heartbeatWarning(600, 1000)).contains("as soon as one heartbeat comes late");
    assertThat(AgentsController.heartbeatWarning(500, 1000)).isNull();
  }

  @Test
  void agentsReportThemselvesAndOperatorsSeeThem() {
    // given
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "reporter-1", 1, 60_000);

    // when
    ResponseEntity<String> beat = heartbeat("reporter-1", List.of("default", "db-1"), 60_000, List.of(task(run, "work")));

    // then
    assertThat(beat.getStatusCode().value()).as(beat.getBody()).isEqualTo(200);
    JsonNode agent = agentNamed("reporter-1");
    assertThat(agent.get("state").asText()).isEqualTo("ONLINE");
    assertThat(agent.get("servers")).extracting(JsonNode::asText).containsExactly("default", "db-1");
    assertThat(agent.get("capacity").asInt()).isEqualTo(4);
    assertThat(agent.get("running").get(0).get("taskId").asText()).isEqualTo(work.getId());
    assertThat(agent.get("running").get(0).get("activityId").asText()).isEqualTo("work");
    assertThat(agent.get("lastSeen").asText()).isNotBlank();
    assertThat(assertProblem(agent().getForEntity("/jobnet-api/agents", String.class), 403, "FORBIDDEN")
        .get("detail").asText()).as("the list is for operators")
        .contains("only members of jobnet-admins and camunda-admin may");
  }

  @Test
  void aSilentAgentGoesOfflineAndTheJobItStartedIsStuckBeforeItsLockExpires() {
    // given
    heartbeat("silent-a", List.of("default"), 60_000, List.of());
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "silent-a", 1, 60_000);

    // when: it says nothing more
    await("STUCK", Duration.ofSeconds(20), () -> incident(run, "work") != null);

    // then
    Incident incident = incident(run, "work");
    assertThat(incident.getIncidentType()).isEqualTo("failedExternalTask");
    assertThat(incident.getIncidentMessage()).startsWith("agent silent: no heartbeat from agent silent-a since ")
        .contains("mark succeeded, mark failed, or retry");
    ExternalTask t = task(run, "work");
    assertThat(t.getRetries()).isZero();
    assertThat(t.getWorkerId()).isEqualTo("silent-a");
    assertThat(t.getLockExpirationTime()).as("lock left as it was").isAfter(new java.util.Date());
    assertThat(engine.getExternalTaskService().fetchAndLock(10, "other").topic("jobnet.default", 60_000)
        .processDefinitionId(t.getProcessDefinitionId()).execute()).as("no other agent gets it").isEmpty();
    assertThat(state(run, "work")).isEqualTo("STUCK");
    assertThat(node(run, "work").get("reason").asText()).contains("silent-a");
    assertThat(agentNamed("silent-a").get("state").asText()).isEqualTo("OFFLINE");
    JsonNode events = json(admin().getForEntity("/jobnet-api/events?kind=AGENT_ONLINE&kind=AGENT_OFFLINE&size=500",
        String.class).getBody()).get("events");
    assertThat(events.findValuesAsText("message")).anyMatch(m -> m.startsWith("agent silent-a is online"))
        .anyMatch(m -> m.startsWith("agent silent-a is offline: no heartbeat since "));
    assertThat(work.getId()).isEqualTo(t.getId());
  }

  @Test
  void anAgentBackWithTheJobStillRunningWithdrawsTheStuckStateAndReportsLater() {
    // given
    heartbeat("back-a", List.of("default"), 60_000, List.of());
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "back-a", 1, 60_000);
    await("STUCK", Duration.ofSeconds(20), () -> incident(run, "work") != null);

    // when
    ResponseEntity<String> beat = heartbeat("back-a", List.of("default"), 60_000, List.of(task(run, "work")));

    // then
    assertThat(json(beat.getBody()).get("withdrawnStuck")).extracting(JsonNode::asText).containsExactly(work.getId());
    assertThat(incident(run, "work")).isNull();
    assertThat(task(run, "work").getRetries()).isPositive();
    assertThat(state(run, "work")).isEqualTo("RUNNING");
    engine.getExternalTaskService().extendLock(work.getId(), "back-a", 60_000);
    engine.getExternalTaskService().complete(work.getId(), "back-a");
    awaitState(run, "work", "SUCCEEDED");
  }

  @Test
  void jobsAClaimedButNeverStartedOrWaitingForARetryAreNotStuck() {
    // given: a job claimed without a start marker, and one whose first attempt failed (waiting to retry)
    heartbeat("claims-a", List.of("default"), 60_000, List.of());
    String claimedRun = start(deploy(ONE_JOB));
    LockedExternalTask claimed = fetch(claimedRun, "work", "claims-a", 60_000);
    String retryRun = start(deploy(ONE_JOB));
    LockedExternalTask failed = startJob(retryRun, "work", "claims-a", 1, 60_000);
    engine.getExternalTaskService().handleFailure(failed.getId(), "claims-a", "exit 1 (attempt 1)", null, 4, 60_000);
    String startedRun = start(deploy(ONE_JOB));
    startJob(startedRun, "work", "claims-a", 1, 60_000);

    // when
    await("agent offline", Duration.ofSeconds(20), () -> registry.find("claims-a").orElseThrow().state()
        == AgentState.OFFLINE);
    watchdog.look();

    // then
    assertThat(incident(startedRun, "work")).as("the started job").isNotNull();
    assertThat(incident(claimedRun, "work")).as("never started").isNull();
    assertThat(incident(retryRun, "work")).as("waiting for its retry").isNull();
    assertThat(claimed.getId()).isNotNull();
  }

  @Test
  void aJobForAServerNoAgentHasEverServedFailsWithAClearReason() {
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              work: { run: echo hi, server: nowhere-1 }
              after: echo after
        """));

    awaitState(run, "work", "FAILED");

    assertThat(node(run, "work").get("reason").asText())
        .isEqualTo("no agent has ever served server 'nowhere-1': start an agent with nowhere-1 in JOBNET_AGENT_SERVERS, "
            + "or correct the job's server, then start the jobnet again");
    awaitState(run, "after", "SKIPPED");
    awaitRunState(run, "FAILED");
  }

  @Test
  void aJobForAServerWhoseAgentsAreOfflineWaitsSayingSoAndRunsWhenOneIsBack() {
    // given
    heartbeat("batch-x-1", List.of("batch-x"), 60_000, List.of());
    await("agent offline", Duration.ofSeconds(20), () -> registry.find("batch-x-1").orElseThrow().state()
        == AgentState.OFFLINE);

    // when
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              work: { run: echo hi, server: batch-x }
        """));

    // then
    await("pending with a reason", Duration.ofSeconds(20), () -> node(run, "work").hasNonNull("reason"));
    assertThat(state(run, "work")).isEqualTo("PENDING");
    assertThat(node(run, "work").get("reason").asText())
        .startsWith("waiting: every agent of server 'batch-x' is offline: batch-x-1 (last seen ");
    heartbeat("batch-x-1", List.of("batch-x"), 60_000, List.of());
    assertThat(node(run, "work").get("reason").asText())
        .isEqualTo("ready for an agent of server 'batch-x' (batch-x-1 0 of 4 running): it starts at the next fetch");
    LockedExternalTask t = fetch(run, "work", "batch-x-1", 60_000);
    engine.getExternalTaskService().complete(t.getId(), "batch-x-1");
    awaitRunState(run, "SUCCEEDED");
  }

  @Test
  void badReportsAreRefused() {
    assertThat(assertProblem(post(agent(), "/jobnet-api/agents/bad-1/heartbeat", "{\"servers\": [], \"capacity\": 1,"
        + " \"heartbeatMillis\": 1000, \"lockMillis\": 30000}"), 400, "BAD_REQUEST").get("detail").asText())
        .startsWith("agent report of bad-1: ");
    assertProblem(post(agent(), "/jobnet-api/agents/bad-1/heartbeat", "{\"servers\": [\"a b\"], \"capacity\": 1,"
        + " \"heartbeatMillis\": 1000, \"lockMillis\": 30000}"), 400, "BAD_REQUEST");
    assertProblem(post(agent(), "/jobnet-api/agents/bad%20name/heartbeat", "{\"servers\": [\"a\"], \"capacity\": 1,"
        + " \"heartbeatMillis\": 1000, \"lockMillis\": 30000}"), 400, "BAD_REQUEST");
    assertProblem(post(rest, "/jobnet-api/agents/bad-1/heartbeat", "{}"), 401, "UNAUTHORIZED");
    assertThat(registry.find("bad-1")).isEmpty();
  }

  @Test
  void anAgentThatStopsIsOfflineAtOnce() {
    heartbeat("stops-a", List.of("default"), 60_000, List.of());

    ResponseEntity<String> r = post(agent(), "/jobnet-api/agents/stops-a/stopped", "{}");

    assertThat(r.getStatusCode().value()).isEqualTo(200);
    assertThat(registry.find("stops-a").orElseThrow().state()).isEqualTo(AgentState.OFFLINE);
  }

  @Test
  void aStuckJobWhoseAgentReportsAFailureLaterIsRetriedByItsPolicy() {
    // given: a job made STUCK while its agent was silent
    heartbeat("late-f", List.of("default"), 60_000, List.of());
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "late-f", 1, 60_000);
    await("STUCK", Duration.ofSeconds(20), () -> incident(run, "work") != null);

    // when: the agent is back; the command had failed meanwhile, and it reports that as it always does
    // (handleFailure with the retries left after attempt 1; the REST call is the same command)
    engine.getExternalTaskService().handleFailure(work.getId(), "late-f", "exit status 3 (attempt 1)", null, 5, 0);

    // then: the real outcome counts: no longer STUCK, attempt 1 failed, the policy runs it again
    assertThat(incident(run, "work")).isNull();
    assertThat(task(run, "work").getRetries()).isEqualTo(5);
    assertThat(state(run, "work")).isIn("PENDING", "WAITING");
    assertThat(engine.getExternalTaskService().fetchAndLock(1, "late-g").topic("jobnet.default", 60_000)
        .processDefinitionId(task(run, "work").getProcessDefinitionId()).execute())
        .as("fetchable again for attempt 2").singleElement().extracting(LockedExternalTask::getId)
        .isEqualTo(work.getId());
  }

  @Test
  void anAgentRestartingWithDetachIsNotJudgedWhileAwayAndIsJudgedAgainAfterwards() throws Exception {
    // given: an agent running a job; the watchdog judges silence of more than 1 s
    heartbeat("away-a", List.of("default"), 60_000, List.of());
    String run = start(deploy(ONE_JOB));
    startJob(run, "work", "away-a", 1, 60_000);
    heartbeat("away-a", List.of("default"), 60_000, List.of(task(run, "work")));

    // when: it says it restarts and is back within 3 s
    ResponseEntity<String> away = post(agent(), "/jobnet-api/agents/away-a/away", "{\"backWithin\": \"PT3S\"}");

    // then: for 2 s (twice the offline time) it stays ONLINE and its job RUNNING
    assertThat(away.getStatusCode().value()).as(away.getBody()).isEqualTo(200);
    java.time.Instant until = java.time.Instant.parse(json(away.getBody()).get("awayUntil").asText());
    assertThat(until).isBetween(java.time.Instant.now().plusSeconds(1), java.time.Instant.now().plusSeconds(4));
    long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < end) {
      watchdog.look();
      assertThat(registry.find("away-a").orElseThrow().state()).isEqualTo(AgentState.ONLINE);
      assertThat(incident(run, "work")).isNull();
      Thread.sleep(200);
    }
    JsonNode events = json(admin().getForEntity("/jobnet-api/events?kind=AGENT_AWAY&size=500", String.class)
        .getBody()).get("events");
    assertThat(events.findValuesAsText("message")).anyMatch(m -> m.startsWith("agent away-a is restarting; its 1 "
        + "running job(s) stay its own until "));
    // and when it does not come back, it is judged as any silent agent: OFFLINE, its job STUCK
    await("STUCK after the away", Duration.ofSeconds(20), () -> incident(run, "work") != null);
    assertThat(registry.find("away-a").orElseThrow().state()).isEqualTo(AgentState.OFFLINE);
    // an OFFLINE agent cannot be away: its jobs were judged
    assertProblem(post(agent(), "/jobnet-api/agents/away-a/away", "{\"backWithin\": \"PT3S\"}"), 409, "CONFLICT");
  }

  @Test
  void theNextHeartbeatEndsAnAwayAndALongWishIsCut() {
    heartbeat("away-b", List.of("default"), 60_000, List.of());
    // a wish beyond jobnet.agents.max-away (30 minutes) is cut to it, with a warning
    JsonNode away = json(post(agent(), "/jobnet-api/agents/away-b/away", "{\"backWithin\": \"PT2H\"}").getBody());
    assertThat(java.time.Instant.parse(away.get("awayUntil").asText()))
        .isBefore(java.time.Instant.now().plus(Duration.ofMinutes(31)));
    assertThat(away.get("warning").asText()).contains("granted PT30M");
    // the agent is back: its heartbeat ends the away, so its next silence counts again
    heartbeat("away-b", List.of("default"), 60_000, List.of());
    await("OFFLINE after the next silence", Duration.ofSeconds(20),
        () -> registry.find("away-b").orElseThrow().state() == AgentState.OFFLINE);
    // bad requests say what to send
    assertThat(assertProblem(post(agent(), "/jobnet-api/agents/away-b/away", "{\"backWithin\": \"soon\"}"), 400,
        "BAD_REQUEST").get("detail").asText()).contains("\"backWithin\": \"PT2M\"");
    assertProblem(post(rest, "/jobnet-api/agents/away-b/away", "{\"backWithin\": \"PT1M\"}"), 401, "UNAUTHORIZED");
  }

  @Test
  void twoEngineNodesWatchingMakeAJobStuckOnce() throws Exception {
    // given: a second node with its own watchdog on the same database
    Path definitions = Files.createTempDirectory("no-definitions");
    try (ConfigurableApplicationContext second = dev.jobnet.engine.testing.SecondNode.start("second-watchdog",
        definitions, "--jobnet.agents.offline-after=PT1S", "--jobnet.agents.watchdog-interval=PT0.1S")) {
      heartbeat("twice-a", List.of("default"), 60_000, List.of());
      String run = start(deploy(ONE_JOB));
      LockedExternalTask work = startJob(run, "work", "twice-a", 1, 60_000);

      // when
      await("STUCK", Duration.ofSeconds(20), () -> incident(run, "work") != null);
      for (int i = 0; i < 5; i++) {
        watchdog.look();
        second.getBean(Watchdog.class).look();
      }

      // then
      assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(run).count()).isEqualTo(1);
      assertThat(engine.getHistoryService().createHistoricExternalTaskLogQuery().externalTaskId(work.getId())
          .failureLog().count()).as("one failure recorded").isEqualTo(1);
    }
  }

  private JsonNode agentNamed(String name) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/agents", String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    for (JsonNode a : json(r.getBody())) {
      if (name.equals(a.get("name").asText())) {
        return a;
      }
    }
    throw new AssertionError("no agent " + name + " in " + r.getBody());
  }
}
