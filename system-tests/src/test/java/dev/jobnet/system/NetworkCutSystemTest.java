package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.testing.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between an agent and the engine cut at the worst moments (failures.md F7, F8): the
 * command runs exactly once, the job is STUCK while its agent is cut off and RUNNING again when it is
 * back, and the outcome arrives once the network is back. No sleep: each step waits for what it needs.
 */
class NetworkCutSystemTest {

  @SystemUnderTest
  static JobnetSystem system;

  @TempDir
  Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether the lock on the run's job, as the engine sees it, has expired. */
  private static boolean lockRanOut(String run) {
    try {
      JsonNode tasks = JSON.readTree(system.get("/engine-rest/external-task?processInstanceId=" + run).body());
      if (tasks.isEmpty() || tasks.get(0).get("lockExpirationTime").isNull()) {
        return false;
      }
      return OffsetDateTime.parse(tasks.get(0).get("lockExpirationTime").asText(),
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant().isBefore(Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String output(JavaProcess process) {
    try {
      return process.output();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kinds of the run's events, in order. */
  private static List<String> kinds(String run) throws IOException {
    return system.eventKinds(run);
  }

  @Test
  void aCutThatLosesTheFetchsAnswerStartsNothingAndTheJobRunsOnceWithoutBeingTakenForAStart() throws Exception {
    // given: F7, the link cut exactly when the engine answers the fetch that locked the job and wrote
    // its start marker: the engine did its work, the agent never hears of it
    Path job = script(dir, "f7.sh", "exit 0");
    String server = system.deployOneJob(job);
    TcpProxy link = system.link();
    link.cutAtResponse(ProcessVariables.START_MARKED);
    // the job waits before the agent's first fetch, which is then answered at once and marks it (an
    // answer to a fetch that waited marks nothing: the agent's start marker request does)
    String run = system.start(server, Map.of());
    // when
    JavaProcess agent = system.startAgentThrough(link, "f7-" + server, server);
    Await.until("the link to be cut at the fetch's answer", Duration.ofSeconds(60), link::isCut);
    assertThat(runs(dir, "f7.sh")).as("runs while the answer is lost").isEmpty();
    link.restore();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    // then: the agent named the lost fetch, so its marker was not taken for a start: the job ran once,
    // on its first attempt, and was never STUCK
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f7.sh")).hasSize(1);
    assertThat(kinds(run)).doesNotContain("JOB_STUCK", "JOB_FAILED", "JOB_RETRY_SCHEDULED");
    assertThat(JobnetSystem.node(tree, "work").get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void aCutLongerThanTheLockWhileTheCommandRunsEndsWithTheRealOutcomeAndOneRun() throws Exception {
    // given: F8, a job of 12 s; the agent's lock is 6 s
    Path job = script(dir, "f8.sh", "sleep 12; exit 0");
    String server = system.deployOneJob(job);
    TcpProxy link = system.link();
    JavaProcess agent = system.startAgentThrough(link, "f8-" + server, server);
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("f8.sh.runs")));
    // when: cut until the agent counts as offline (its job STUCK) and its lock has run out
    link.cut();
    Await.until("the job to be STUCK while the agent is cut off", Duration.ofSeconds(30),
        () -> "STUCK".equals(JobnetSystem.node(system.run(run), "work").get("state").asText()));
    Await.until("the agent's lock on the job to have run out", Duration.ofSeconds(30), () -> lockRanOut(run));
    assertThat(runs(dir, "f8.sh")).as("the command still runs, once").hasSize(1);
    link.restore();
    // then: the agent is back and still runs it, so the STUCK is withdrawn; then its real outcome
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f8.sh")).hasSize(1);
    assertThat(kinds(run)).containsSubsequence("JOB_STARTED", "JOB_STUCK", "JOB_STUCK_WITHDRAWN", "JOB_SUCCEEDED")
        .doesNotContain("JOB_RESOLVED", "JOB_FAILED");
    assertThat(JSON.readTree(system.get("/engine-rest/incident/count?processInstanceId=" + run).body())
        .get("count").asInt()).as("open incidents").isZero();
    // the heartbeats failed while cut, and the agent holds the job again once the engine answers
    assertThat(agent.output()).contains("heartbeat failed").containsAnyOf("the engine answers again; lock held",
        "fetched again while this agent still has it");
  }

  @Test
  void aBlackHoleLongerThanTheLockIsNoticedByTimeoutsAndTheJobEndsWithItsRealOutcomeAndOneRun() throws Exception {
    // given: F8 through a black hole, a job of 25 s, the agent's lock 6 s: nothing is closed or reset,
    // so the agent and the engine can notice only through their own timeouts
    Path job = script(dir, "f8b.sh", "sleep 25; exit 0");
    String server = system.deployOneJob(job);
    TcpProxy link = system.link();
    JavaProcess agent = system.startAgentThrough(link, "f8b-" + server, server);
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("f8b.sh.runs")));
    // when
    link.blackHole();
    // then: the engine hears nothing and makes the job STUCK; the agent's heartbeat times out, and the
    // command goes on
    Await.until("the job to be STUCK while the agent's packets are lost", Duration.ofSeconds(30),
        () -> "STUCK".equals(JobnetSystem.node(system.run(run), "work").get("state").asText()));
    Await.until("the agent's heartbeat to time out", Duration.ofSeconds(60),
        () -> output(agent).contains("heartbeat failed"));
    assertThat(runs(dir, "f8b.sh")).as("the command still runs, once").hasSize(1);
    link.restore();
    // and once the link is back: the STUCK is withdrawn, then the real outcome
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f8b.sh")).hasSize(1);
    assertThat(kinds(run)).containsSubsequence("JOB_STARTED", "JOB_STUCK", "JOB_STUCK_WITHDRAWN", "JOB_SUCCEEDED")
        .doesNotContain("JOB_RESOLVED", "JOB_FAILED");
    assertThat(JSON.readTree(system.get("/engine-rest/incident/count?processInstanceId=" + run).body())
        .get("count").asInt()).as("open incidents").isZero();
  }

  @Test
  void aBlackHoleHoldingTheFetchsAnswerStartsNothingAndTheJobRunsOnceWhenTheLinkIsBack() throws Exception {
    // given: F7 through a black hole: the engine's answer to the fetch that locked the job is held,
    // nothing is closed, so the agent notices only by its own timeout
    Path job = script(dir, "f7b.sh", "exit 0");
    String server = system.deployOneJob(job);
    TcpProxy link = system.link();
    link.blackHoleAtResponse(ProcessVariables.START_MARKED);
    String run = system.start(server, Map.of()); // waiting before the agent's first fetch, as above
    // when
    JavaProcess agent = system.startAgentThrough(link, "f7b-" + server, server);
    Await.until("the fetch's answer to be held in the black hole", Duration.ofSeconds(60), link::isBlackHole);
    // then: the agent gives up waiting for the answer and starts nothing
    Await.until("the agent to give up on the fetch", Duration.ofSeconds(90),
        () -> output(agent).contains("is unreachable (fetch jobs"));
    assertThat(runs(dir, "f7b.sh")).as("runs while the answer is lost").isEmpty();
    // and once the link carries packets again (the held answer arrives late, to nobody), the job runs
    // once. Silent for longer than its offline timeout (3 s here), the agent had the job (its marker
    // written by the lost fetch) made STUCK; its next fetch says it never received it, which withdraws
    // that at once: no operator needed, and no second start
    link.restore();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "f7b.sh")).hasSize(1);
    assertThat(kinds(run)).containsSubsequence("JOB_STARTED", "JOB_STUCK", "JOB_STUCK_WITHDRAWN", "JOB_SUCCEEDED")
        .doesNotContain("JOB_FAILED", "JOB_RESOLVED");
    assertThat(system.events(run, "JOB_STUCK_WITHDRAWN")).singleElement()
        .satisfies(e -> assertThat(e.get("message").asText()).contains("never received"));
  }
}
