package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static dev.jobnet.system.JobnetSystem.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.system.JobnetSystem.EngineNode;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several engine nodes on one PostgreSQL database (issue 13): the system's own engine app and the
 * nodes a test starts beside it. A run started on any node reaches an agent polling any other at once,
 * and an agent given every node's URL goes on through another when its node dies (failures.md F20):
 * each command runs once, no job is STUCK, every run ends with its real outcome. Each test closes the
 * nodes and agents it started; a node it kills is one it started, so the system's own engine app stays
 * for the next test. The nodes mail through the test's mail server: every run's end mail goes out once,
 * whichever node sends it and whichever died.
 */
class ClusterSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @SystemUnderTest(mail = true)
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

  /**
   * What {@link #aStuckJobResolvedOnOneNodeGoesOnThroughAnAgentOnTheOther}'s retried run may take from
   * the operator's RETRY on node A to its end (0.1 s with the wake-up). Its agent long-polls node B for
   * {@link #LONG_POLL}; without a wake-up from node A the retried job waits until that long poll ends or
   * node B looks at its long polls again on its own (every 30 s): 29.8 s with {@code
   * JOBNET_CLUSTER_WAKE_UP=OFF}.
   */
  private static final Duration RETRIED_AT_ONCE = Duration.ofSeconds(20);

  /** The schedule of {@link #aScheduleStartsEachTickOnceWithTwoSchedulersUp}: a tick every 5 s. */
  private static final String EVERY_5_SECONDS = "0/5 * * * * ?";

  private static final Duration TICK = Duration.ofSeconds(5);

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

  /** Waits until the node {@code elementId} of run {@code run} is in {@code state}. */
  private static void awaitState(String run, String elementId, String state, Duration timeout) {
    Await.until(elementId + " of run " + run + " to be " + state, timeout,
        () -> state.equals(system.state(run, elementId)));
  }

  /**
   * The mails of kind {@code kind} ({@code X-Jobnet-Mail}: RUN_ENDED, JOB_STUCK, ...) about root run
   * {@code run} the mail server took for the administrators (who started this class's runs, by hand
   * or by a schedule).
   */
  private static List<MimeMessage> mails(String kind, String run) {
    return system.mail().to(MailBox.ADMINS, run).stream()
        .filter(m -> kind.equals(header(m, "X-Jobnet-Mail")) && run.equals(header(m, "X-Jobnet-Run"))).toList();
  }

  private static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, null);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the mail of kind {@code kind} about root run {@code run} was sent (its MAIL_SENT event:
   * the mail server took it before), then asserts that it was sent once: one MAIL_SENT of that kind,
   * to the administrators, and one copy at the mail server, which it returns. A mail marked sent is
   * never sent again (a node claims only pending mails).
   */
  private static MimeMessage assertMailedOnce(String run, String kind) {
    List<JsonNode> sent = Await.until("the " + kind + " mail about run " + run + " to be sent", Duration.ofSeconds(60),
        () -> {
          List<JsonNode> s = system.events(run, "MAIL_SENT").stream()
              .filter(e -> kind.equals(e.path("details").path("mail").asText())).toList();
          return s.isEmpty() ? Optional.empty() : Optional.of(s);
        });
    assertThat(sent).as("the MAIL_SENT events of the " + kind + " mail about run " + run).hasSize(1);
    assertThat(sent.get(0).path("details").path("recipients").toString()).as("its recipients")
        .contains(MailBox.ADMINS);
    List<MimeMessage> copies = mails(kind, run);
    assertThat(copies).as("the " + kind + " mails about run " + run + " at the mail server").hasSize(1);
    return copies.get(0);
  }

  /**
   * Asserts that run {@code run} ended once and its end mail was sent once, saying {@code outcome}
   * ({@link #assertMailedOnce}), and that no mail about it failed.
   */
  private static void assertEndMailedOnce(String run, String outcome) {
    assertThat(system.events(run, "JOBNET_ENDED")).as("the ends of run " + run).hasSize(1);
    MimeMessage mail = assertMailedOnce(run, "RUN_ENDED");
    assertThat(MailBox.subject(mail)).as("the end mail of run " + run).startsWith("[jobnet] " + outcome);
    assertThat(system.events(run, "MAIL_FAILING")).as("the mail failures of run " + run).isEmpty();
  }

  /** The runs of the root jobnet {@code key} (the engine's history), by start time. */
  private static List<JsonNode> runsOf(String key) {
    try {
      List<JsonNode> runs = new ArrayList<>();
      JSON.readTree(system.get("/engine-rest/history/process-instance?processDefinitionKey=" + key).body())
          .forEach(runs::add);
      runs.sort(Comparator.comparing(ClusterSystemTest::startTime));
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant startTime(JsonNode historicRun) {
    return OffsetDateTime.parse(historicRun.get("startTime").asText(),
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant();
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
      // and each run's end mail went to the user who started it (the administrator) once, none doubled,
      // and no mail told of a STUCK job
      for (String run : started) {
        assertEndMailedOnce(run, "SUCCEEDED");
        assertThat(mails("JOB_STUCK", run)).as("the JOB_STUCK mails about run " + run).isEmpty();
      }
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

  @Test
  void aStuckJobResolvedOnOneNodeGoesOnThroughAnAgentOnTheOther() throws Exception {
    // given: node B beside the system's engine app (node A); a job whose agent, polling node A, was
    // SIGKILLed mid-job: the job is STUCK
    Path work = script(dir, "stuck.sh", "if [ \"$JOBNET_ATTEMPT\" = 1 ]; then sleep 5; fi; exit 0");
    Path warm = script(dir, "warm.sh", "exit 0");
    String server = unique("s");
    String warmUp = server + "-warm";
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: %s
          %s:
            server: %s
            jobs:
              warm: %s
        """.formatted(server, server, work, warmUp, server, warm));
    String other = unique("agent");
    try (EngineNode nodeB = system.startNode("retry-b");
        JavaProcess dead = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server))) {
      String run = system.start(server, Map.of());
      awaitWhileRunning(dead, "the first attempt to start", Duration.ofSeconds(60),
          () -> rootsRun("stuck.sh").size() == 1);
      dead.kill();
      awaitState(run, "work", "STUCK", Duration.ofSeconds(30));
      // and a new agent of the job's server that long-polls only node B, for a minute at a time; once a
      // run through node B ended, it waits in a long poll there
      try (JavaProcess agent = system.startAgent(other, Map.of("JOBNET_AGENT_SERVERS", server,
          "JOBNET_ENGINE_URL", nodeB.engineUrl(), "JOBNET_AGENT_LONG_POLL", Long.toString(LONG_POLL.toSeconds())))) {
        String warmRun = system.start(nodeB, warmUp, Map.of());
        assertThat(system.awaitEnd(warmRun, Duration.ofSeconds(60)).get("outcome").asText())
            .as("the run through node B").isEqualTo("SUCCEEDED");
        assertThat(system.state(run, "work")).as("the job, before the operator acts").isEqualTo("STUCK");
        // when: the operator's RETRY, posted to node A, which the new agent does not talk to
        long retried = System.nanoTime();
        HttpResponse<String> r = system.post("/jobnet-api/runs/" + run + "/nodes/work/resolve",
            "{\"action\": \"RETRY\", \"reason\": \"its agent is gone for good\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode tree = system.awaitEnd(run, LONG_POLL.multipliedBy(2));
        Duration took = Duration.ofNanos(System.nanoTime() - retried);
        // then: node B heard of the job unlocked on node A and woke the agent's long poll at once; the
        // job ran again there and the run ended SUCCEEDED; the command ran twice: the attempt on the dead
        // agent and the retry
        assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(took).as("from the RETRY on node A to the run's end, its agent long-polling node B for "
            + LONG_POLL).isLessThan(RETRIED_AT_ONCE);
        assertThat(JobnetSystem.node(tree, "work").get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(JobnetSystem.node(tree, "work").get("agent").asText()).isEqualTo(other);
        assertThat(runs(dir, "stuck.sh")).as("the runs of the command").extracting(line -> line.split(" ")[0])
            .containsExactly("1", "2");
        assertThat(rootsRun("stuck.sh")).containsExactly(run, run);
        assertThat(rootsRun("warm.sh")).containsExactly(warmRun);
        List<String> kinds = system.eventKinds(run);
        assertThat(kinds).containsSubsequence("JOB_STARTED", "JOB_STUCK", "JOB_RESOLVED", "JOB_STARTED",
            "JOB_SUCCEEDED", "JOBNET_ENDED");
        assertThat(kinds.stream().filter("JOB_STARTED"::equals)).as("the jobs started in run " + run).hasSize(2);
        assertThat(agent.isAlive()).as("the agent on node B").isTrue();
        // and the administrators heard once of the STUCK job and once of the run's end
        assertThat(MailBox.subject(assertMailedOnce(run, "JOB_STUCK"))).startsWith("[jobnet] JOB STUCK");
        assertEndMailedOnce(run, "SUCCEEDED");
      }
    }
  }

  @Test
  void aScheduleStartsEachTickOnceWithTwoSchedulersUp() throws Exception {
    // given: node B beside node A, both looking at the schedules (every 5 s by default), and an online
    // agent of both
    Path job = script(dir, "scheduled.sh", "exit 0");
    String server = unique("s");
    String agentName = unique("agent");
    try (EngineNode nodeB = system.startNode("scheduler-b");
        JavaProcess agent = system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server,
            "JOBNET_ENGINE_URL", system.engineUrl() + "," + nodeB.engineUrl()))) {
      awaitWhileRunning(agent, "agent " + agentName + " to be online", Duration.ofSeconds(60),
          () -> "ONLINE".equals(system.agentState(agentName)));
      try {
        // when: a jobnet with a long-form schedule ticking every 5 s (overlap allowed, so that a slow run
        // never decides a tick) runs for four ticks and more; then its definition is suspended
        system.deploy("""
            jobnets:
              %s:
                server: %s
                schedule:
                  cron: "%s"
                  timezone: Europe/Berlin
                  overlap: allow
                jobs:
                  tick: %s
            """.formatted(server, server, EVERY_5_SECONDS, job));
        Await.until("4 runs started by the scheduler for " + server, Duration.ofSeconds(90),
            () -> runsOf(server).size() >= 4);
        HttpResponse<String> suspended = system.put("/engine-rest/process-definition/key/" + server + "/suspended",
            "{\"suspended\": true, \"includeProcessInstances\": false}");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(204);
        // then: each run has a tick of its own, the ticks follow each other with none left out, and the
        // tick table says STARTED for each, with its run
        List<JsonNode> runs = runsOf(server);
        List<String> scheduledAt = new ArrayList<>();
        for (JsonNode historic : runs) {
          String run = historic.get("id").asText();
          JsonNode v = JSON.readTree(system.get("/engine-rest/history/variable-instance?processInstanceId=" + run
              + "&variableName=jobnetScheduledAt").body());
          assertThat(v).as("the tick of run " + run).hasSize(1);
          scheduledAt.add(v.get(0).get("value").asText());
        }
        List<Long> ticks = scheduledAt.stream().map(t -> OffsetDateTime.parse(t).toInstant().toEpochMilli()
            / TICK.toMillis()).sorted().toList();
        assertThat(ticks).as("the ticks of the runs: " + scheduledAt).doesNotHaveDuplicates();
        assertThat(ticks.get(ticks.size() - 1) - ticks.get(0) + 1).as("ticks from the first to the last: "
            + scheduledAt).isEqualTo(ticks.size());
        JsonNode schedules = JSON.readTree(system.get("/jobnet-api/schedules").body());
        // (a suspended definition is no longer scheduled: its ticks are read from the runs above)
        for (JsonNode s : schedules) {
          assertThat(s.get("jobnet").asText()).as("a suspended jobnet is not scheduled").isNotEqualTo(server);
        }
        // and each run ran its job once, ended SUCCEEDED and was mailed to the administrators once (nobody
        // started it), with two nodes sending mails
        for (JsonNode historic : runs) {
          String run = historic.get("id").asText();
          assertThat(system.awaitEnd(run, Duration.ofSeconds(60)).get("outcome").asText()).as("run " + run)
              .isEqualTo("SUCCEEDED");
          assertThat(rootsRun("scheduled.sh").stream().filter(run::equals)).as("the runs of the job in run " + run)
              .hasSize(1);
          assertEndMailedOnce(run, "SUCCEEDED");
        }
        assertThat(agent.isAlive()).as("the agent").isTrue();
      } finally {
        undeploy(server);
      }
    }
  }

  /** Deletes the deployment of the root jobnet {@code key}, with its timer and its runs, if it was deployed. */
  private static void undeploy(String key) throws IOException {
    HttpResponse<String> definition = system.get("/engine-rest/process-definition/key/" + key);
    if (definition.statusCode() == 404) {
      return;
    }
    String deployment = JSON.readTree(definition.body()).get("deploymentId").asText();
    HttpResponse<String> deleted = system.delete("/engine-rest/deployment/" + deployment + "?cascade=true");
    assertThat(deleted.statusCode()).as("deleting deployment " + deployment + ": " + deleted.body()).isEqualTo(204);
  }
}
