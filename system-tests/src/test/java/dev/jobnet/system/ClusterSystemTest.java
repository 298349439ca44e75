package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static dev.jobnet.system.JobnetSystem.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.system.JobnetSystem.EngineNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several engine nodes on one PostgreSQL database (issue 13): the system's own engine app and the
 * nodes a test starts beside it. A run started on any node reaches an agent polling any other at once,
 * and an agent given every node's URL goes on through another when its node dies (failures.md F20):
 * each command runs once, no job is STUCK, every run ends with its real outcome. Each test closes the
 * nodes and agents it started; a node it kills is one it started, so the system's own engine app stays
 * for the next test.
 */
class ClusterSystemTest {

  @SystemUnderTest
  static JobnetSystem system;

  @TempDir
  Path dir;

  /** The agents' long poll in {@link #aRunStartedOnTheOtherNodeStartsAtOnce}: only a wake-up ends it early. */
  private static final Duration LONG_POLL = Duration.ofSeconds(60);

  /**
   * What that test's run of five quick jobs may take (about 1 s with the wake-up). Without a wake-up
   * from the other node its first job waits until the agent's long poll ends (60 s) or until the node
   * looks at its waiting long polls again on its own (Camunda does every 30 s): the run took 30 s with
   * {@code JOBNET_CLUSTER_WAKE_UP=OFF}.
   */
  private static final Duration AT_ONCE = Duration.ofSeconds(20);

  /** Deploys a root jobnet of the given jobs in written order on a server of its own; its name. */
  private static String deploySequence(Path... jobs) throws Exception {
    String server = unique("s");
    StringBuilder yaml = new StringBuilder("jobnets:\n  " + server + ":\n    server: " + server + "\n    jobs:\n");
    for (int i = 0; i < jobs.length; i++) {
      yaml.append("      job").append(i + 1).append(": ").append(jobs[i]).append('\n');
    }
    system.deploy(yaml.toString());
    return server;
  }

  /** The root run ids in the lines of a script's {@code .runs} file (one line per execution). */
  private List<String> rootsRun(String script) {
    try {
      return runs(dir, script).stream().map(line -> line.split(" ")[1]).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code condition} holds, at most {@code timeout}; fails at once with the agent's last
   * lines when the agent ends meanwhile (e.g. because it refused its configuration).
   */
  private static void awaitWhileRunning(JavaProcess agent, String what, Duration timeout, BooleanSupplier condition) {
    Await.until(what, timeout, () -> {
      if (!agent.isAlive()) {
        throw new AssertionError("the agent ended while waiting for " + what + ": " + agentOutput(agent));
      }
      return condition.getAsBoolean();
    });
  }

  private static String agentOutput(JavaProcess agent) {
    try {
      String out = agent.output();
      return out.length() > 3000 ? out.substring(out.length() - 3000) : out;
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void aRunStartedOnTheOtherNodeStartsAtOnce() throws Exception {
    // given: node B beside the system's engine app (node A), and an agent that long-polls only node B,
    // for a minute at a time
    Path[] jobs = new Path[5];
    for (int i = 0; i < jobs.length; i++) {
      jobs[i] = script(dir, "quick" + (i + 1) + ".sh", "exit 0");
    }
    String server = deploySequence(jobs);
    try (EngineNode nodeB = system.startNode("wake-b");
        JavaProcess agent = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server,
            "JOBNET_ENGINE_URL", nodeB.engineUrl(), "JOBNET_AGENT_LONG_POLL", Long.toString(LONG_POLL.toSeconds())))) {
      // a run through node B itself (one node: the agent is woken as ever); once it ends, the agent
      // waits in a long poll on node B that it sent while the run's last job ran
      String warmUp = system.start(nodeB, server, Map.of());
      assertThat(system.awaitEnd(warmUp, Duration.ofSeconds(60)).get("outcome").asText())
          .as("the run started on the agent's own node").isEqualTo("SUCCEEDED");
      // when: a run started on node A, which the agent does not talk to
      long started = System.nanoTime();
      String run = system.start(server, Map.of());
      JsonNode tree = system.awaitEnd(run, LONG_POLL.multipliedBy(2));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      // then: node B heard of the first job made on node A and woke the agent's long poll at once (the
      // agent's completions through node B make the next jobs there)
      assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(took).as("the run of five quick jobs started on node A, its agent long-polling node B for "
          + LONG_POLL).isLessThan(AT_ONCE);
      for (int i = 0; i < jobs.length; i++) {
        assertThat(rootsRun("quick" + (i + 1) + ".sh")).as("the runs of job" + (i + 1)).containsExactly(warmUp, run);
      }
      assertThat(agent.isAlive()).as("the agent").isTrue();
    }
  }

  @Test
  void aNodeKilledMidRunLeavesEveryRunToTheOther() throws Exception {
    // given: F20, node A beside the system's engine app (node B); an agent given both URLs, node A's
    // first; five runs started on node A, each a job of 8 s and then a quick one
    Path first = script(dir, "first.sh", "sleep 8; exit 0");
    Path second = script(dir, "second.sh", "exit 0");
    String server = deploySequence(first, second);
    try (EngineNode nodeA = system.startNode("f20-a");
        JavaProcess agent = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server,
            "JOBNET_ENGINE_URL", nodeA.engineUrl() + "," + system.engineUrl(), "JOBNET_AGENT_CAPACITY", "5"))) {
      List<String> started = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        started.add(system.start(nodeA, server, Map.of()));
      }
      awaitWhileRunning(agent, "the first jobs of all 5 runs to run", Duration.ofSeconds(60),
          () -> rootsRun("first.sh").size() == 5);
      // when: node A dies (SIGKILL) while every run's first job runs
      nodeA.kill();
      // then, read through node B: every run ends SUCCEEDED, each command ran once, no job was STUCK
      for (String run : started) {
        JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
        assertThat(tree.get("outcome").asText()).as("run " + run).isEqualTo("SUCCEEDED");
        List<String> kinds = system.eventKinds(run);
        assertThat(kinds).as("the events of run " + run).doesNotContain("JOB_STUCK")
            .containsSubsequence("JOB_STARTED", "JOB_SUCCEEDED", "JOB_STARTED", "JOB_SUCCEEDED");
        assertThat(kinds.stream().filter("JOB_STARTED"::equals)).as("the jobs started in run " + run).hasSize(2);
      }
      assertThat(rootsRun("first.sh")).as("the runs of the first job").containsExactlyInAnyOrderElementsOf(started);
      assertThat(rootsRun("second.sh")).as("the runs of the second job").containsExactlyInAnyOrderElementsOf(started);
      assertThat(agent.isAlive()).as("the agent, after its first node died").isTrue();
    }
  }

  @Test
  void anAgentFailsOverMidJobAndReportsThroughTheOtherNode() throws Exception {
    // given: node A beside the system's engine app (node B); an agent given both URLs, node A's first;
    // a job of 10 s started on node A
    Path job = script(dir, "failover.sh", "sleep 10; exit 0");
    String server = deploySequence(job);
    try (EngineNode nodeA = system.startNode("failover-a");
        JavaProcess agent = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server,
            "JOBNET_ENGINE_URL", nodeA.engineUrl() + "," + system.engineUrl()))) {
      String run = system.start(nodeA, server, Map.of());
      awaitWhileRunning(agent, "the command to start", Duration.ofSeconds(60),
          () -> rootsRun("failover.sh").size() == 1);
      long pid = JobScripts.awaitPid(dir.resolve("failover.sh.pid"), Duration.ofSeconds(10));
      // when: node A dies (SIGKILL) mid-job
      nodeA.kill();
      assertThat(ProcessGroups.isRunning(pid)).as("the command when node A died").isTrue();
      // then: the agent goes on through node B; the job ends SUCCEEDED, ran once, and was never STUCK
      JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
      assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(JobnetSystem.node(tree, "job1").get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(JobnetSystem.node(tree, "job1").get("attempts").asInt()).isEqualTo(1);
      assertThat(rootsRun("failover.sh")).containsExactly(run);
      List<String> kinds = system.eventKinds(run);
      assertThat(kinds).doesNotContain("JOB_STUCK").containsSubsequence("JOB_STARTED", "JOB_SUCCEEDED");
      assertThat(kinds.stream().filter("JOB_STARTED"::equals)).hasSize(1);
      assertThat(agent.isAlive()).as("the agent, after its first node died").isTrue();
    }
  }
}
