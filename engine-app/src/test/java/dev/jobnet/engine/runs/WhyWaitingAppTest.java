package dev.jobnet.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.OperatorTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * Every job that waits says why in the run tree ({@code reason}): the upstream jobs it waits for and
 * their states, a hold on it or around it (by whom, since when), its jobnet not started yet, its
 * agents at capacity or ready, and a retry's backoff. (Offline agents and servers no agent serves:
 * {@code AgentsAppTest}.)
 */
class WhyWaitingAppTest extends OperatorTestBase {

  @Test
  void aJobNotReachedNamesTheUpstreamJobsItWaitsForWithTheirStates() {
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              first: { run: echo first, next: [long, side] }
              long: { run: sleep 100, next: after }
              side: { run: echo side, next: after }
              after: echo after
            finally:
              jobs:
                cleanup: echo cleanup
        """));

    assertThat(node(run, "after").get("reason").asText()).isEqualTo("waiting for upstream long (WAITING), side (WAITING)");
    complete(fetch(run, "first", "w1", 60_000));
    startJob(run, "long", "w1", 1, 60_000);

    assertThat(state(run, "after")).isEqualTo("WAITING");
    assertThat(node(run, "after").get("reason").asText()).isEqualTo("waiting for upstream long (RUNNING), side (PENDING)");
    assertThat(node(run, "_finally").get("reason").asText()).isEqualTo("waiting for the main flow to settle, then it runs");
    assertThat(node(run, "_finally.cleanup").get("reason").asText())
        .isEqualTo("waiting for the main flow of its jobnet to settle, then its finally runs");
  }

  @Test
  void aJobInANestedJobnetNotStartedSaysSo() {
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              prepare: { run: echo prepare, next: work }
              work:
                jobnet:
                  jobs:
                    step-1: echo step 1
        """));

    assertThat(node(run, "work.step-1").get("reason").asText()).isEqualTo("waiting for jobnet work to start");
  }

  @Test
  void aHoldAroundAJobIsItsReasonWithWhoAndSince() {
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              prepare: { run: echo prepare, next: work }
              work:
                jobnet:
                  jobs:
                    step-1: echo step 1
                next: report
              report: echo report
        """));
    assertThat(post(admin(), "/jobnet-api/runs/" + run + "/nodes/work/hold", "{\"reason\": \"disk full\"}")
        .getStatusCode().value()).isEqualTo(200);

    assertThat(node(run, "work.step-1").get("reason").asText())
        .matches("jobnet work is held by " + ADMIN + " since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: disk full;"
            + " waiting for jobnet work to start");
    complete(fetch(run, "prepare", "w1", 60_000));
    assertThat(state(run, "work")).isEqualTo("ON_HOLD");
    assertThat(node(run, "work.step-1").get("reason").asText()).startsWith("jobnet work is held by " + ADMIN);

    assertThat(post(admin(), "/jobnet-api/runs/" + run + "/hold", "{}").getStatusCode().value()).isEqualTo(200);
    assertThat(node(run, "report").get("reason").asText())
        .matches("its run is held by " + ADMIN + " since [-0-9T:]+Z; waiting for upstream work \\(ON_HOLD\\)");
    assertThat(runTree(run).get("state").asText()).isEqualTo("ON_HOLD");
    assertThat(runTree(run).get("reason").asText()).startsWith("held by " + ADMIN + " since ");
  }

  @Test
  void aPendingJobSaysWhetherItsAgentsAreAtCapacityOrReady() {
    String server = "why-" + UUID.randomUUID().toString().substring(0, 8);
    String agentName = server + "-a";
    String key = deploy("""
        jobnets:
          %s:
            jobs:
              work: { run: echo work, server: SERVER }
        """.replace("SERVER", server));
    report(agentName, server, 1, List.of());
    String busy = start(key);
    String waiting = start(key);

    assertThat(node(waiting, "work").get("reason").asText())
        .isEqualTo("ready for an agent of server '" + server + "' (" + agentName + " 0 of 1 running): it starts at the"
            + " next fetch");
    LockedExternalTask running = fetch(busy, "work", agentName, 60_000);
    report(agentName, server, 1, List.of(task(busy, "work")));

    assertThat(state(waiting, "work")).isEqualTo("PENDING");
    assertThat(node(waiting, "work").get("reason").asText())
        .isEqualTo("waiting: every agent of server '" + server + "' is at capacity (" + agentName + " 1 of 1 running);"
            + " the job starts when one of them finishes a job");
    engine.getExternalTaskService().complete(running.getId(), agentName);
  }

  @Test
  void aJobInBackoffIsPendingUntilItsNextAttemptWithTheFailureOfTheLast() {
    String run = start(deploy("""
        jobnets:
          %s:
            jobs:
              work: { run: exit 3, retry: { retries: 2, backoff: 1h } }
        """));
    LockedExternalTask first = startJob(run, "work", "w1", 1, 60_000);

    engine.getExternalTaskService().handleFailure(first.getId(), "w1", "exit status 3", "details", 2, 3_600_000);

    assertThat(state(run, "work")).as("not RUNNING: nothing runs until the backoff ends").isEqualTo("PENDING");
    assertThat(node(run, "work").get("reason").asText())
        .matches("backoff until [-0-9T:.]+Z after attempt 1 failed: exit status 3");
  }

  /** The agent registry report of {@code name}: its server, capacity and the jobs it runs. */
  private void report(String name, String server, int capacity, List<ExternalTask> running) {
    List<Map<String, String>> jobs = running.stream().map(t -> Map.of("taskId", t.getId(),
        "processInstanceId", t.getProcessInstanceId(), "activityId", t.getActivityId())).toList();
    try {
      String body = JSON.writeValueAsString(Map.of("servers", List.of(server), "capacity", capacity,
          "heartbeatMillis", 5000, "lockMillis", 60_000, "running", jobs));
      ResponseEntity<String> r = post(agent(), "/jobnet-api/agents/" + name + "/heartbeat", body);
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private void complete(LockedExternalTask t) {
    engine.getExternalTaskService().complete(t.getId(), t.getWorkerId());
  }
}
