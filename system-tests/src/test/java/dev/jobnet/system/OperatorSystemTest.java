package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static dev.jobnet.system.JobnetSystem.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.testing.TcpProxy;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators meet when agents die or they step in (F2, F3, F4, F9-F12, F14 of the design's
 * {@code failures.md}), with the engine app and agents as separate JVMs on PostgreSQL and real child
 * processes: each test checks what the operator sees, that each command ran as often as it should, and
 * that no process is left behind. Each test serves a server of its own.
 */
class OperatorSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @SystemUnderTest
  static JobnetSystem system;

  @TempDir
  Path dir;

  @Test
  void f2AnAgentKilledMidJobAndBackLongAfterReportsTheRealOutcomeAndTheStuckStateGoes() throws Exception {
    // given
    String server = unique("s");
    String agentName = unique("agent");
    deploy(server, "work: %s\n      after: %s".formatted(script(dir, "work.sh", "sleep 6; exit 0"),
        script(dir, "after.sh", "exit 0")));
    JavaProcess agent = system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    awaitFile("work.sh.pid");

    // when: the agent dies; the command goes on without it
    agent.kill();

    // then: STUCK, saying which agent
    awaitState(run, "work", "STUCK", Duration.ofSeconds(30));
    assertThat(node(run, "work").get("reason").asText()).startsWith("agent silent: no heartbeat from agent "
        + agentName);
    assertGone("work.sh", Duration.ofSeconds(30));
    system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(JobnetSystem.node(tree, "work").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(incidents(run)).isZero();
    assertThat(runs(dir, "work.sh")).hasSize(1);
    assertThat(runs(dir, "after.sh")).hasSize(1);
  }

  @Test
  void f2AnAgentBackWhileTheCommandStillRunsTakesItOnAndTheStuckStateIsWithdrawn() throws Exception {
    String server = unique("s");
    String agentName = unique("agent");
    deploy(server, "work: " + script(dir, "long.sh", "sleep 14; exit 0"));
    JavaProcess agent = system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    awaitFile("long.sh.pid");

    agent.kill();
    awaitState(run, "work", "STUCK", Duration.ofSeconds(30));
    system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));

    awaitState(run, "work", "RUNNING", Duration.ofSeconds(30));
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "long.sh")).hasSize(1);
    assertGone("long.sh", Duration.ofSeconds(10));
  }

  @Test
  void f3AnAgentThatNeverReturnsLeavesAStuckJobThatTheOperatorMarksSucceeded() throws Exception {
    // given
    String server = unique("s");
    String agentName = unique("agent");
    deploy(server, "work: %s\n      after: %s".formatted(script(dir, "work.sh", "sleep 3; exit 0"),
        script(dir, "after.sh", "exit 0")));
    JavaProcess agent = system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    awaitFile("work.sh.pid");
    agent.kill();
    awaitState(run, "work", "STUCK", Duration.ofSeconds(30));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));

    // when
    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/work/resolve",
        "{\"action\": \"SUCCEEDED\", \"reason\": \"the import finished, checked by hand\"}");

    // then
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(JobnetSystem.node(tree, "work").get("reason").asText())
        .contains("marked SUCCEEDED by " + JobnetSystem.ADMIN + ": the import finished, checked by hand");
    assertThat(runs(dir, "work.sh")).hasSize(1);
    assertThat(runs(dir, "after.sh")).hasSize(1);
    assertGone("work.sh", Duration.ofSeconds(10));
  }

  @Test
  void f3RetryRunsTheStuckJobAgainOnAnotherAgentOfTheSameServer() throws Exception {
    String server = unique("s");
    deploy(server, "work: " + script(dir, "work.sh", "sleep 2; exit 0"));
    JavaProcess dead = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    awaitFile("work.sh.pid");
    dead.kill();
    awaitState(run, "work", "STUCK", Duration.ofSeconds(30));
    String other = unique("agent");
    system.startAgent(other, Map.of("JOBNET_AGENT_SERVERS", server));

    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/work/resolve", "{\"action\": \"RETRY\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "work.sh")).extracting(line -> line.split(" ")[0]).containsExactly("1", "2");
    assertThat(JobnetSystem.node(tree, "work").get("agent").asText()).isEqualTo(other);
    assertGone("work.sh", Duration.ofSeconds(10));
  }

  @Test
  void f4AJobWhoseHostRestartedIsStuckAsLostNotSucceededAndNotRunAgain() throws Exception {
    // given: the agent and its command die at once, as in a power cut; then the host "boots again"
    String server = unique("s");
    String agentName = unique("agent");
    deploy(server, "work: " + script(dir, "work.sh", "exec sleep 60"));
    JavaProcess agent = system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    long pid = awaitPid("work.sh");
    agent.kill();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    assertGone("work.sh", Duration.ofSeconds(10));
    rebootAsSeenByTheJournal(agentName);

    // when
    system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));

    // then
    Await.until("the job reported lost", Duration.ofSeconds(60),
        () -> node(run, "work").path("reason").asText().contains("process lost when host restarted"));
    assertThat(system.state(run, "work")).isEqualTo("STUCK");
    assertThat(incidents(run)).isEqualTo(1);
    assertThat(runs(dir, "work.sh")).hasSize(1);
  }

  @Test
  void f9ForceStoppingARunningJobKillsItsProcessGroupAndTheFlowMovesOn() throws Exception {
    // given: a job with a child process of its own
    String server = unique("s");
    deploy(server, """
        first: { run: %s, next: [long, side] }
              long: { run: %s, next: after }
              side: { run: %s, next: after }
              after: %s
            finally:
              jobs:
                cleanup: %s""".formatted(script(dir, "first.sh", "exit 0"),
        script(dir, "long.sh", "sleep 100 & echo $! > " + dir.resolve("child.pid") + "; wait"),
        script(dir, "side.sh", "exit 0"), script(dir, "after.sh", "exit 0"), script(dir, "cleanup.sh", "exit 0")));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    long pid = awaitPid("long.sh");
    long child = awaitPid("child");

    // when
    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/long/stop", "{\"reason\": \"hung\"}");

    // then
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(system.state(run, "long")).as("STOPPED at once").isEqualTo("STOPPED");
    assertProcessGone(pid, Duration.ofSeconds(10));
    assertProcessGone(child, Duration.ofSeconds(10));
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(JobnetSystem.node(tree, "after").get("state").asText()).isEqualTo("SKIPPED");
    assertThat(runs(dir, "cleanup.sh")).as("finally runs").hasSize(1);
    assertThat(runs(dir, "long.sh")).hasSize(1);
    assertThat(runs(dir, "after.sh")).isEmpty();
  }

  @Test
  void f10ForceStoppingARootJobnetKillsItsJobsSkipsTheRestAndItsFinally() throws Exception {
    String server = unique("s");
    deploy(server, """
        a: { run: %s, next: c }
              b: { run: %s, next: c }
              c: %s
            finally:
              jobs:
                cleanup: %s""".formatted(script(dir, "a.sh", "exec sleep 100"), script(dir, "b.sh", "exec sleep 100"),
        script(dir, "c.sh", "exit 0"), script(dir, "cleanup.sh", "exit 0")));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server, "JOBNET_AGENT_CAPACITY", "4"));
    String run = system.start(server, Map.of());
    long a = awaitPid("a.sh");
    long b = awaitPid("b.sh");

    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/stop", "{\"reason\": \"maintenance\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(30));
    assertThat(tree.get("outcome").asText()).isEqualTo("STOPPED");
    assertThat(JobnetSystem.node(tree, "a").get("state").asText()).isEqualTo("STOPPED");
    assertThat(JobnetSystem.node(tree, "b").get("state").asText()).isEqualTo("STOPPED");
    assertThat(JobnetSystem.node(tree, "c").get("state").asText()).isEqualTo("SKIPPED");
    assertProcessGone(a, Duration.ofSeconds(10));
    assertProcessGone(b, Duration.ofSeconds(10));
    assertThat(runs(dir, "cleanup.sh")).as("finally not run").isEmpty();
    assertThat(runs(dir, "c.sh")).isEmpty();
  }

  @Test
  void f10DeletingARunAsCockpitDoesKillsItsJobsAndEndsItStopped() throws Exception {
    String server = unique("s");
    deploy(server, """
        a: { run: %s, next: b }
              b: %s""".formatted(script(dir, "a.sh", "exec sleep 100"), script(dir, "b.sh", "exit 0")));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    long a = awaitPid("a.sh");

    // Cockpit's × on the process instance, "skip custom listeners" ticked (its default)
    HttpResponse<String> r = system.delete("/engine-rest/process-instance/" + run + "?skipCustomListeners=true");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(30));
    assertThat(tree.get("outcome").asText()).isEqualTo("STOPPED");
    assertThat(JobnetSystem.node(tree, "a").get("state").asText()).isEqualTo("STOPPED");
    assertThat(JobnetSystem.node(tree, "a").get("reason").asText()).startsWith("deleted through the engine API by ");
    assertProcessGone(a, Duration.ofSeconds(10));
    assertThat(runs(dir, "b.sh")).isEmpty();
  }

  @Test
  void f10ForceStoppingANestedJobnetKillsItsJobsSkipsItsFinallyAndTheParentFails() throws Exception {
    String server = unique("s");
    deploy(server, """
        work:
                jobnet:
                  jobs:
                    step-1: %s
                    step-2: %s
                  finally:
                    jobs:
                      release: %s
              report: %s
            finally:
              jobs:
                cleanup: %s""".formatted(script(dir, "step1.sh", "exec sleep 100"), script(dir, "step2.sh", "exit 0"),
        script(dir, "release.sh", "exit 0"), script(dir, "report.sh", "exit 0"), script(dir, "cleanup.sh", "exit 0")));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    long step1 = awaitPid("step1.sh");

    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/work/stop", "{}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(30));
    assertThat(tree.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(JobnetSystem.node(tree, "work").get("state").asText()).isEqualTo("STOPPED");
    assertThat(JobnetSystem.node(tree, "work.step-2").get("state").asText()).isEqualTo("SKIPPED");
    assertThat(JobnetSystem.node(tree, "report").get("state").asText()).isEqualTo("SKIPPED");
    assertProcessGone(step1, Duration.ofSeconds(10));
    assertThat(runs(dir, "release.sh")).as("the nested finally is not run").isEmpty();
    assertThat(runs(dir, "cleanup.sh")).as("the root's finally runs").hasSize(1);
  }

  @Test
  void f11ForceStoppingAJobThatJustFinishedAnswers409AndTheFlowCarriesOn() throws Exception {
    String server = unique("s");
    deploy(server, "quick: %s\n      after: %s".formatted(script(dir, "quick.sh", "exit 0"),
        script(dir, "after.sh", "exit 0")));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    Await.until("quick to finish", Duration.ofSeconds(60), () -> "SUCCEEDED".equals(system.state(run, "quick")));

    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/quick/stop", "{}");

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(r.body()).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(system.awaitEnd(run, Duration.ofSeconds(60)).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "after.sh")).hasSize(1);
  }

  @Test
  void f12ForceStoppingWhileTheAgentIsCutOffShowsStoppedAtOnceAndKillsTheProcessOnReconnect() throws Exception {
    // given
    String server = unique("s");
    deploy(server, "work: " + script(dir, "work.sh", "exec sleep 100"));
    TcpProxy link = system.link();
    system.startAgentThrough(link, unique("agent"), server);
    String run = system.start(server, Map.of());
    long pid = awaitPid("work.sh");
    link.cut();

    // when
    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/work/stop", "{}");

    // then
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(system.awaitEnd(run, Duration.ofSeconds(30)).get("outcome").asText()).isEqualTo("FAILED");
    assertThat(system.state(run, "work")).isEqualTo("STOPPED");
    assertThat(ProcessGroups.isRunning(pid)).as("still running while cut off").isTrue();
    link.restore();
    assertProcessGone(pid, Duration.ofSeconds(20));
    assertThat(runs(dir, "work.sh")).hasSize(1);
  }

  @Test
  void f12ForceStoppingWhileTheAgentsPacketsAreLostShowsStoppedAtOnceAndKillsTheProcessWhenTheyFlowAgain()
      throws Exception {
    // given: F12 through a black hole: nothing is closed, the agent notices only by its timeouts
    String server = unique("s");
    deploy(server, "work: " + script(dir, "work.sh", "exec sleep 100"));
    TcpProxy link = system.link();
    JavaProcess agent = system.startAgentThrough(link, unique("agent"), server);
    String run = system.start(server, Map.of());
    long pid = awaitPid("work.sh");
    link.blackHole();

    // when
    HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/work/stop", "{}");

    // then: STOPPED at once; the agent's heartbeat times out and the command goes on until the link is back
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(system.awaitEnd(run, Duration.ofSeconds(30)).get("outcome").asText()).isEqualTo("FAILED");
    assertThat(system.state(run, "work")).isEqualTo("STOPPED");
    Await.until("the agent's heartbeat to time out", Duration.ofSeconds(60),
        () -> agentOutput(agent).contains("heartbeat failed"));
    assertThat(ProcessGroups.isRunning(pid)).as("still running while the agent's packets are lost").isTrue();
    link.restore();
    assertProcessGone(pid, Duration.ofSeconds(30));
    assertThat(runs(dir, "work.sh")).hasSize(1);
  }

  private static String agentOutput(JavaProcess agent) {
    try {
      return agent.output();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void f14AJobForAServerNoAgentHasEverServedFailsWithAClearError() throws Exception {
    String server = unique("nobody");
    deploy(server, "work: " + script(dir, "work.sh", "exit 0"));

    String run = system.start(server, Map.of());

    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(JobnetSystem.node(tree, "work").get("reason").asText())
        .startsWith("no agent has ever served server '" + server + "'");
    assertThat(runs(dir, "work.sh")).isEmpty();
  }

  @Test
  void f14AJobForAServerWhoseAgentsAreOfflineWaitsSayingWhyAndRunsWhenOneReturns() throws Exception {
    String server = unique("s");
    String agentName = unique("agent");
    deploy(server, "work: " + script(dir, "work.sh", "exit 0"));
    JavaProcess agent = system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    Await.until("the agent registered", Duration.ofSeconds(60), () -> system.agentState(agentName).equals("ONLINE"));
    agent.terminate(Duration.ofSeconds(60));

    String run = system.start(server, Map.of());

    Await.until("the job says why it waits", Duration.ofSeconds(30),
        () -> node(run, "work").path("reason").asText().startsWith("waiting: every agent of server '" + server
            + "' is offline: " + agentName));
    assertThat(system.state(run, "work")).isEqualTo("PENDING");
    system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    assertThat(system.awaitEnd(run, Duration.ofSeconds(60)).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "work.sh")).hasSize(1);
  }

  // --- helpers ---

  private void deploy(String server, String jobs) throws Exception {
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              %s
        """.formatted(server, server, jobs));
  }

  private JsonNode node(String run, String elementId) {
    return JobnetSystem.node(system.run(run), elementId);
  }

  private void awaitState(String run, String elementId, String state, Duration timeout) {
    Await.until(elementId + " of run " + run + " to be " + state, timeout,
        () -> state.equals(system.state(run, elementId)));
  }

  private void awaitFile(String name) {
    Await.until(name + " to appear", Duration.ofSeconds(60), () -> Files.exists(dir.resolve(name)));
  }

  /** The pid a script (or its child) wrote to {@code <name>.pid}. */
  private long awaitPid(String name) {
    return JobScripts.awaitPid(dir.resolve(name + ".pid"), Duration.ofSeconds(60));
  }

  private void assertGone(String script, Duration timeout) throws Exception {
    assertProcessGone(Long.parseLong(Files.readString(dir.resolve(script + ".pid")).trim()), timeout);
  }

  private static void assertProcessGone(long pid, Duration timeout) {
    Await.until("process " + pid + " to be gone", timeout,
        () -> !ProcessGroups.isRunning(pid));
  }

  private long incidents(String run) throws Exception {
    return JSON.readTree(system.get("/engine-rest/incident/count?processInstanceId=" + run).body()).get("count")
        .asLong();
  }

  /**
   * What a restarted host looks like to the agent's journal: the boot id recorded with each started
   * job is no longer the host's.
   */
  private void rebootAsSeenByTheJournal(String agentName) throws Exception {
    Path jobs = system.dir.resolve("agent-" + agentName).resolve("jobs");
    try (Stream<Path> files = Files.walk(jobs)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("journal.log")).toList()) {
        String text = Files.readString(f);
        String last = text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("{}");
        String bootId = JSON.readTree(last).path("bootId").asText();
        assertThat(bootId).as("the journal records the boot id").isNotBlank();
        Files.writeString(f, text.replace(bootId, "another-boot-" + UUID.randomUUID()));
      }
    }
  }
}
