package dev.jobnet.engine.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * A STUCK job as the operator sees it (issue 10): the run tree counts the runs of its command, not its
 * STUCK states; a STUCK state withdrawn leaves no STUCK reason and an event.
 */
@TestPropertySource(properties = {
    "jobnet.agents.offline-after=PT2S",
    "jobnet.agents.watchdog-interval=PT0.2S"})
class StuckJobsAppTest extends OperatorTestBase {

  private static final String ONE_JOB = """
      jobnets:
        %s:
          jobs:
            work: { run: ./load.sh --date today, retry: 2 }
      """;

  @Test
  void aJobStuckTwiceAndWithdrawnShowsOneAttemptNoStuckReasonAndTheWithdrawals() {
    // given: agent w-a runs attempt 1, falls silent, the watchdog makes the job STUCK
    heartbeat("w-a", List.of("default"), 60_000, List.of());
    String run = start(deploy(ONE_JOB));
    LockedExternalTask work = startJob(run, "work", "w-a", 1, 60_000);
    awaitStuck(run);
    assertThat(node(run, "work").get("attempts").asInt()).as("STUCK is no run").isEqualTo(1);

    // when: the agent is back, still running it
    withdraw("w-a", run, work);

    // then: RUNNING, one attempt, no STUCK reason, and the event
    JsonNode node = node(run, "work");
    assertThat(node.get("state").asText()).isEqualTo("RUNNING");
    assertThat(node.get("attempts").asInt()).isEqualTo(1);
    assertThat(node.path("reason").asText(null)).as("no STUCK reason").isNull();
    JsonNode withdrawn = withdrawals(run);
    assertThat(withdrawn).hasSize(1);
    assertThat(withdrawn.get(0).get("actor").asText()).isEqualTo("w-a");
    assertThat(withdrawn.get(0).get("elementId").asText()).isEqualTo("work");
    assertThat(withdrawn.get(0).get("message").asText())
        .isEqualTo("agent w-a is back and still runs work (attempt 1); no longer STUCK");
    assertThat(withdrawn.get(0).get("details").get("attempt").asInt()).isEqualTo(1);

    // when: silent again, STUCK a second time, and back again
    awaitStuck(run);
    assertThat(node(run, "work").get("attempts").asInt()).as("STUCK twice, still one run").isEqualTo(1);
    withdraw("w-a", run, work);

    // then
    node = node(run, "work");
    assertThat(node.get("state").asText()).isEqualTo("RUNNING");
    assertThat(node.get("attempts").asInt()).isEqualTo(1);
    assertThat(node.path("reason").asText(null)).as("no STUCK reason").isNull();
    assertThat(withdrawals(run)).hasSize(2);

    // when: it reports success
    engine.getExternalTaskService().complete(work.getId(), "w-a");

    // then
    awaitState(run, "work", "SUCCEEDED");
    assertThat(node(run, "work").get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void aRetriedJobCountsItsRunsAndShowsItsLastFailureWhileItRunsAgain() {
    // given: attempt 1 failed with retries left
    String run = start(deploy(ONE_JOB));
    LockedExternalTask first = startJob(run, "work", "r-a", 1, 60_000);
    engine.getExternalTaskService().handleFailure(first.getId(), "r-a", "exit status 3 (attempt 1)", null, 1, 0);

    // when: attempt 2 runs
    List<LockedExternalTask> again = new ArrayList<>();
    await("attempt 2 fetchable", Duration.ofSeconds(20), () -> {
      again.addAll(engine.getExternalTaskService().fetchAndLock(10, "r-a").topic(first.getTopicName(), 60_000)
          .processDefinitionId(first.getProcessDefinitionId()).execute());
      return !again.isEmpty();
    });
    assertThat(again).extracting(LockedExternalTask::getId).containsExactly(first.getId());
    ResponseEntity<String> start = post(agent(), "/jobnet-api/jobs/" + first.getId() + "/start",
        "{\"workerId\":\"r-a\",\"attempt\":2}");
    assertThat(start.getStatusCode().value()).as(start.getBody()).isEqualTo(200);

    // then
    JsonNode node = node(run, "work");
    assertThat(node.get("state").asText()).isEqualTo("RUNNING");
    assertThat(node.get("attempts").asInt()).isEqualTo(2);
    assertThat(node.get("reason").asText()).isEqualTo("exit status 3 (attempt 1)");
  }

  private void awaitStuck(String run) {
    await("work of run " + run + " STUCK", Duration.ofSeconds(20), () -> incident(run, "work") != null);
  }

  private void withdraw(String agent, String run, LockedExternalTask work) {
    ResponseEntity<String> beat = heartbeat(agent, List.of("default"), 60_000, List.of(task(run, "work")));
    assertThat(json(beat.getBody()).get("withdrawnStuck")).extracting(JsonNode::asText).containsExactly(work.getId());
  }

  private JsonNode withdrawals(String run) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/events?rootRunId=" + run
        + "&kind=JOB_STUCK_WITHDRAWN", String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return json(r.getBody()).get("events");
  }
}
