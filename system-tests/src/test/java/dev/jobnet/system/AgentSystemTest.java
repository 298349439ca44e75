package dev.jobnet.system;

import static dev.jobnet.system.JobScripts.runs;
import static dev.jobnet.system.JobScripts.script;
import static dev.jobnet.system.JobnetSystem.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.agent.process.ProcessGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on real agents: the engine app and the agents as separate JVMs on PostgreSQL, commands as
 * real child processes. Every test checks that the command ran exactly as often as it should and
 * that no process is left behind. Each test serves a server of its own, so agents never take each
 * other's jobs.
 */
class AgentSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Its engine logs JSON lines ({@link #theEnginesAndTheAgentsLinesAboutAJobNameTheSameJob}) and mails
   * its administrators through the test's SMTP server (F13).
   */
  @SystemUnderTest(engineSettings = "JOBNET_LOG_FORMAT=json", mail = true)
  static JobnetSystem system;

  @TempDir
  Path dir;

  private void assertGone(String name) throws Exception {
    long pid = Long.parseLong(Files.readString(dir.resolve(name + ".pid")).trim());
    Await.until("process " + pid + " of " + name + " to be gone", Duration.ofSeconds(10),
        () -> !ProcessGroups.isRunning(pid));
  }

  @Test
  void aJobRunsOnceOnAnAgentWithItsEnvironmentAndTheRunSucceeds() throws Exception {
    // given
    Path job = script(dir, "ok.sh", "echo done; exit 0");
    String server = system.deployOneJob(job);
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    // when
    String run = system.start(server, Map.of("file", "/data/in.csv"));
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(JobnetSystem.node(tree, "work").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "ok.sh")).containsExactly("1 " + run + " " + run + " /data/in.csv");
    assertGone("ok.sh");
  }

  /** JSON lines of a log that are about the run {@code run}; {@code mdc}: where the job's keys are, or "". */
  private static List<JsonNode> jsonLinesOf(Path log, String mdc, String run) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (!line.startsWith("{")) {
        continue; // the JVM's or Spring Boot's banner, not a log line
      }
      JsonNode node = JSON.readTree(line);
      JsonNode keys = mdc.isEmpty() ? node : node.path(mdc);
      if (run.equals(keys.path("rootRunId").asText())) {
        lines.add(node);
      }
    }
    return lines;
  }

  @Test
  void theEnginesAndTheAgentsLinesAboutAJobNameTheSameJob() throws Exception {
    // given: the engine and the agent both log JSON lines
    Path job = script(dir, "logged.sh", "exit 0");
    String server = system.deployOneJob(job);
    String agent = unique("agent");
    system.startAgent(agent, Map.of("JOBNET_AGENT_SERVERS", server, "JOBNET_AGENT_LOG_FORMAT", "json"));
    // when
    String run = system.start(server, Map.of());
    system.awaitEnd(run, Duration.ofSeconds(60));
    // then: the engine's lines of the job's start and end, and the agent's, name the same job
    List<JsonNode> engine = Await.until("the engine's lines of JOB_STARTED and JOB_SUCCEEDED", Duration.ofSeconds(20),
        () -> {
          try {
            List<JsonNode> lines = jsonLinesOf(system.engineLog(), "", run).stream()
                .filter(l -> l.path("message").asText().matches("JOB_(STARTED|SUCCEEDED) .*")).toList();
            return lines.size() == 2 ? Optional.of(lines) : Optional.empty();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    String taskId = engine.get(0).path("taskId").asText();
    for (JsonNode line : engine) {
      assertThat(line.path("level").asText()).isEqualTo("INFO");
      assertThat(line.path("runId").asText()).isEqualTo(run);
      assertThat(line.path("jobPath").asText()).isEqualTo("/" + server + "/work");
      assertThat(line.path("taskId").asText()).isEqualTo(taskId).isNotEmpty();
      assertThat(line.path("attempt").asText()).isEqualTo("1");
      assertThat(line.path("agent").asText()).isEqualTo(agent);
    }
    List<JsonNode> agentLines = jsonLinesOf(system.agentLog(agent), "mdc", run);
    assertThat(agentLines).as("the agent's lines about the run").isNotEmpty();
    for (JsonNode line : agentLines) {
      JsonNode mdc = line.path("mdc");
      assertThat(mdc.path("runId").asText()).as(line.toString()).isEqualTo(run);
      assertThat(mdc.path("jobPath").asText()).as(line.toString()).isEqualTo("/" + server + "/work");
      assertThat(mdc.path("taskId").asText()).as(line.toString()).isEqualTo(taskId);
      assertThat(mdc.path("attempt").asText()).as(line.toString()).isEqualTo("1");
      assertThat(mdc.path("agent").asText()).as(line.toString()).isEqualTo(agent);
    }
  }

  @Test
  void theOutputOfAJobCanBeReadFromTheEngineAndTheTailGoesWithAFailure() throws Exception {
    // given: 200 KB on stdout, a message on stderr, then failure without retries
    String server = unique("s");
    Path job = script(dir, "noisy.sh", "i=0; while [ $i -lt 2000 ]; do echo \"line $i of the job's output, padded to be long enough\";"
        + " i=$((i+1)); done; echo 'disk full' >&2; exit 4");
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: { run: %s, retry: 0 }
        """.formatted(server, server, job));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    // when
    String run = system.start(server, Map.of());
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    JsonNode work = JobnetSystem.node(tree, "work");
    assertThat(work.get("state").asText()).isEqualTo("FAILED");
    assertThat(work.get("reason").asText()).contains("exit status 4");
    var stdout = system.get("/jobnet-api/runs/" + run + "/jobs/work/output/stdout");
    assertThat(stdout.statusCode()).isEqualTo(200);
    assertThat(stdout.body()).startsWith("line 0 of the job's output").contains("line 1999 of the job's output");
    assertThat(stdout.headers().firstValue("X-Jobnet-Total-Bytes"))
        .contains(Integer.toString(stdout.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    assertThat(stdout.headers().firstValue("X-Jobnet-Truncated")).contains("false");
    var stderr = system.get("/jobnet-api/runs/" + run + "/jobs/work/output/stderr");
    assertThat(stderr.body()).isEqualTo("disk full\n");
  }

  @Test
  void aFailingJobIsRetriedWithItsBackoffAndEachAttemptRunsOnce() throws Exception {
    // given: fails on attempts 1 and 2, succeeds on 3
    String server = unique("s");
    Path job = script(dir, "flaky.sh", "[ \"$JOBNET_ATTEMPT\" -ge 3 ] || { echo \"attempt $JOBNET_ATTEMPT fails\" >&2; exit 1; }");
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: { run: %s, retry: { retries: 3, backoff: 1s, factor: 1, jitter: 0 } }
        """.formatted(server, server, job));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    // when
    String run = system.start(server, Map.of());
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "flaky.sh")).extracting(line -> line.split(" ")[0]).containsExactly("1", "2", "3");
    assertThat(JobnetSystem.node(tree, "work").get("attempts").asInt()).isEqualTo(3);
  }

  @Test
  void aMissingCommandFailsAtOnceWithoutRetriesAndSaysWhy() throws Exception {
    // given: F13, with the default 5 retries that must not apply
    String server = unique("s");
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: /no/such/command.sh --now
              after: %s
        """.formatted(server, server, script(dir, "after.sh", "exit 0")));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    // when
    String run = system.start(server, Map.of());
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    assertThat(tree.get("outcome").asText()).isEqualTo("FAILED");
    JsonNode work = JobnetSystem.node(tree, "work");
    assertThat(work.get("state").asText()).isEqualTo("FAILED");
    assertThat(work.get("reason").asText()).contains("command not found: /no/such/command.sh does not exist")
        .contains("not retried");
    assertThat(JobnetSystem.node(tree, "after").get("state").asText()).isEqualTo("SKIPPED");
    assertThat(runs(dir, "after.sh")).isEmpty();
  }

  @Test
  void aCommandWithoutExecutePermissionFailsAtOnceWithoutRetriesAndTheAdministratorsAreMailed() throws Exception {
    // given: F13, a script the agent's user may not execute, with the default 5 retries that must not apply
    Path job = script(dir, "noexec.sh", "exit 0");
    assertThat(job.toFile().setExecutable(false, false)).isTrue();
    String server = system.deployOneJob(job);
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    // when
    String run = system.start(server, Map.of());
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    JsonNode work = JobnetSystem.node(tree, "work");
    assertThat(work.get("state").asText()).isEqualTo("FAILED");
    assertThat(work.get("reason").asText()).contains("command not executable: " + job)
        .contains("no execute permission").contains("not retried");
    assertThat(work.get("attempts").asInt()).isEqualTo(1);
    assertThat(runs(dir, "noexec.sh")).isEmpty();
    assertAdministratorsMailedOnce(run, "command not executable: " + job);
  }

  @Test
  void aMissingWorkingDirectoryFailsAtOnceWithoutRetriesAndTheAdministratorsAreMailed() throws Exception {
    // given: F13, a job whose working directory does not exist on the agent's machine
    String server = unique("s");
    Path job = script(dir, "nowhere.sh", "exit 0");
    Path missing = dir.resolve("no-such-directory");
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: { run: %s, workdir: %s }
        """.formatted(server, server, job, missing));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    // when
    String run = system.start(server, Map.of());
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    JsonNode work = JobnetSystem.node(tree, "work");
    assertThat(work.get("state").asText()).isEqualTo("FAILED");
    assertThat(work.get("reason").asText()).contains("working directory " + missing + " does not exist")
        .contains("not retried");
    assertThat(work.get("attempts").asInt()).isEqualTo(1);
    assertThat(runs(dir, "nowhere.sh")).isEmpty();
    assertAdministratorsMailedOnce(run, "working directory " + missing + " does not exist");
  }

  /** The messages of the run's JOB_FAILED events. */
  private static List<String> failures(String run) {
    try {
      List<String> messages = new ArrayList<>();
      JsonNode page = JSON.readTree(system.get("/jobnet-api/events?rootRunId=" + run + "&kind=JOB_FAILED").body());
      page.get("events").forEach(e -> messages.add(e.get("message").asText()));
      return messages;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One administrators' mail that the job FAILED, with the reason in its text. (The administrator who
   * started the run, whose address is the same, also gets the run's end mail.)
   */
  private static void assertAdministratorsMailedOnce(String run, String reason) {
    List<jakarta.mail.internet.MimeMessage> failed = Await.until("the administrators' mail that the job failed",
        Duration.ofSeconds(60), () -> {
          List<jakarta.mail.internet.MimeMessage> m = system.mail().to(MailBox.ADMINS, run).stream()
              .filter(mail -> MailBox.subject(mail).startsWith("[jobnet] JOB FAILED ")).toList();
          return m.isEmpty() ? Optional.empty() : Optional.of(m);
        });
    assertThat(failed).hasSize(1);
    assertThat(MailBox.subject(failed.get(0))).contains("/work");
    assertThat(MailBox.text(failed.get(0))).contains(reason);
  }

  @Test
  void theMorningAfterAFailedNightTheOperatorFixesTheCauseAndRerunsFromTheFailedJob() throws Exception {
    // given: last night's run failed at load (its input missing); report was skipped; the finally ran
    String server = unique("s");
    Path fixed = dir.resolve("input-restored");
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              extract: { run: %s, next: load }
              load: { run: %s, retry: 0, next: report }
              report: %s
            finally:
              jobs:
                cleanup: %s
        """.formatted(server, server, script(dir, "extract.sh", "exit 0"),
        script(dir, "load.sh", "if [ -f " + fixed + " ]; then exit 0; fi; echo 'input missing' >&2; exit 3"),
        script(dir, "report.sh", "exit 0"), script(dir, "cleanup.sh", "exit 0")));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String night = system.start(server, Map.of());
    JsonNode failed = system.awaitEnd(night, Duration.ofSeconds(60));
    assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(JobnetSystem.node(failed, "report").get("state").asText()).isEqualTo("SKIPPED");
    awaitEndMails(night, 1);

    // when: the operator restores the input and reruns load
    Files.writeString(fixed, "restored");
    HttpResponse<String> r = system.post("/jobnet-api/runs/" + night + "/nodes/load/rerun",
        "{\"reason\": \"input restored from the backup\"}");

    // then: a new run carries on: load runs again as attempt 2, then report and the finally; extract
    // does not run again; the run ends SUCCEEDED and its starter gets exactly one mail for that end
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String morning = JSON.readTree(r.body()).get("runId").asText();
    JsonNode tree = system.awaitEnd(morning, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(tree.get("rerunOf").asText()).isEqualTo(night);
    assertThat(system.run(night).get("rerunBy").asText()).isEqualTo(morning);
    assertThat(runs(dir, "extract.sh")).hasSize(1);
    assertThat(runs(dir, "load.sh")).extracting(line -> line.split(" ")[0]).containsExactly("1", "2");
    assertThat(runs(dir, "report.sh")).hasSize(1);
    assertThat(runs(dir, "cleanup.sh")).as("the finally ran at both ends").hasSize(2);
    assertThat(awaitEndMails(morning, 1).get(0)).startsWith("[jobnet] SUCCEEDED " + server);
    assertThat(endMails(night)).as("the old run's end was mailed once, at its end").hasSize(1);
  }

  /** The subjects of the end mails of a run to its starter (the administrator), once there are {@code count}. */
  private static List<String> awaitEndMails(String run, int count) {
    return Await.until(count + " end mail(s) of run " + run, Duration.ofSeconds(60), () -> {
      List<String> m = endMails(run);
      return m.size() >= count ? Optional.of(m) : Optional.empty();
    });
  }

  private static List<String> endMails(String run) {
    return system.mail().to(MailBox.ADMINS, run).stream().map(MailBox::subject)
        .filter(s -> s.matches("\\[jobnet\\] (SUCCEEDED|FAILED|STOPPED) .*")).toList();
  }

  @Test
  void aCommandKilledByASignalIsRetriedByItsPolicyAndTheRetryRunsOnce() throws Exception {
    // given: F16 with retries: the first attempt is killed by signal 9, the second succeeds
    String server = unique("s");
    Path job = script(dir, "killed.sh", "if [ \"$JOBNET_ATTEMPT\" = 1 ]; then exec sleep 120; fi; exit 0");
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: { run: %s, retry: { retries: 2, backoff: 1s } }
        """.formatted(server, server, job));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    long pid = JobScripts.awaitPid(dir.resolve("killed.sh.pid"), Duration.ofSeconds(60));
    // when: kill -9 on the first attempt's command
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then: attempt 2 ran once and succeeded; attempt 1's failure says the signal
    JsonNode work = JobnetSystem.node(tree, "work");
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(work.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(work.get("attempts").asInt()).isEqualTo(2);
    assertThat(runs(dir, "killed.sh")).extracting(line -> line.split(" ")[0]).containsExactly("1", "2");
    assertThat(system.eventKinds(run)).containsSubsequence("JOB_STARTED", "JOB_FAILED", "JOB_RETRIED", "JOB_STARTED",
        "JOB_SUCCEEDED");
    assertThat(failures(run)).singleElement().asString().contains("(attempt 1)").contains("killed by signal 9");
  }

  @Test
  void aJobThatOutlivesTheStopGraceIsStoppedWithItsProcessGroupAndReportedForARetry() throws Exception {
    // given: F15, a job of two minutes, a child of its own in the background, and a grace of 2 s
    Path job = script(dir, "outlives.sh", "sleep 120 & echo $! > " + dir.resolve("outlives-child.pid") + "; wait");
    String server = system.deployOneJob(job);
    JavaProcess agent = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server,
        "JOBNET_AGENT_STOP_GRACE", "2"));
    String run = system.start(server, Map.of());
    long child = JobScripts.awaitPid(dir.resolve("outlives-child.pid"), Duration.ofSeconds(60));
    // when
    int status = agent.terminate(Duration.ofSeconds(40));
    // then: the agent stopped the whole group after the grace, reported the attempt as failed by the
    // shutdown (the job waits for its retry), and left no process
    assertThat(status).isIn(0, 143);
    assertThat(agent.output()).contains("stopped");
    assertGone("outlives.sh");
    Await.until("the job's background child to be gone", Duration.ofSeconds(10),
        () -> !ProcessGroups.isRunning(child));
    Await.until("the attempt to be reported", Duration.ofSeconds(30), () -> !failures(run).isEmpty());
    assertThat(failures(run)).singleElement().asString().contains("(attempt 1)").contains("shut down");
    assertThat(runs(dir, "outlives.sh")).hasSize(1);
    // and another agent runs the retry
    Files.delete(job);
    script(dir, "outlives.sh", "exit 0");
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(90));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "outlives.sh")).hasSize(2);
  }

  @Test
  void aCommandKilledBySomeoneElseFailsWithTheSignal() throws Exception {
    // given: F16, a job that is not retried (retry: 0)
    String server = unique("s");
    Path job = script(dir, "victim.sh", "exec sleep 120");
    system.deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: { run: %s, retry: 0 }
        """.formatted(server, server, job));
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    long pid = JobScripts.awaitPid(dir.resolve("victim.sh.pid"), Duration.ofSeconds(60));
    // when: kill -9 on the command itself
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    JsonNode work = JobnetSystem.node(tree, "work");
    assertThat(work.get("state").asText()).isEqualTo("FAILED");
    assertThat(work.get("reason").asText()).contains("killed by signal 9");
    assertThat(runs(dir, "victim.sh")).hasSize(1);
  }

  @Test
  void anAgentKilledMidJobAndRestartedPicksTheJobUpAndItRunsOnce() throws Exception {
    // given: F1, a job of about 4 seconds
    String agentName = unique("agent");
    Path job = script(dir, "slow.sh", "sleep 4; exit 0");
    String server = system.deployOneJob(job);
    JavaProcess agent = system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("slow.sh.pid")));
    // when: the agent dies (SIGKILL) and comes back before its lock (6 s) expires
    agent.kill();
    system.startAgent(agentName, Map.of("JOBNET_AGENT_SERVERS", server));
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    // then
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "slow.sh")).hasSize(1);
    assertGone("slow.sh");
  }

  @Test
  void theJobOfAnAgentATestKilledIsStoppedWhenTheSystemIsClosed() throws Exception {
    // given: a job whose agent was SIGKILLed (its command survives it, as designed)
    Path job = script(dir, "left.sh", "exec sleep 120");
    String server = system.deployOneJob(job);
    JavaProcess agent = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    system.start(server, Map.of());
    long pid = JobScripts.awaitPid(dir.resolve("left.sh.pid"), Duration.ofSeconds(60));
    agent.kill();
    assertThat(ProcessGroups.isRunning(pid)).as("the command outlives its agent").isTrue();
    // when: the part of closing the system that finds what agents left running
    system.stopLeftoverJobs();
    // then: a failed test leaves no job process behind
    Await.until("the left job's process to be gone", Duration.ofSeconds(10), () -> !ProcessGroups.isRunning(pid));
  }

  @Test
  void sigtermDrainsTheAgentAndLeavesNoProcess() throws Exception {
    // given: F15, a job that finishes within the grace period
    Path job = script(dir, "drain.sh", "sleep 2; exit 0");
    String server = system.deployOneJob(job);
    JavaProcess agent = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server,
        "JOBNET_AGENT_STOP_GRACE", "20"));
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("drain.sh.pid")));
    // when
    int status = agent.terminate(Duration.ofSeconds(40));
    // then: the job finished and was reported before the agent ended (143 is the JVM's normal exit on SIGTERM)
    assertThat(status).isIn(0, 143);
    assertThat(agent.output()).contains("stopped");
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(20));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "drain.sh")).hasSize(1);
    assertGone("drain.sh");
  }

  @Test
  void sigtermWithDetachLeavesALongJobRunningAndTheNextAgentOfTheNameReportsIt() throws Exception {
    // given: a job of 25 s on an agent that detaches on SIGTERM (a restart for an upgrade); the tests'
    // watchdog judges an agent offline after 3 s of silence and the agent's lock lasts 6 s, so ten
    // seconds away would make the job STUCK, or let another agent take it, without the detach
    String agentName = unique("agent");
    Path job = script(dir, "long.sh", "sleep 25; exit 0");
    String server = system.deployOneJob(job);
    Map<String, String> settings = Map.of("JOBNET_AGENT_SERVERS", server, "JOBNET_AGENT_STOP", "detach",
        "JOBNET_AGENT_DETACH_FOR", "PT1M");
    JavaProcess first = system.startAgent(agentName, settings);
    String run = system.start(server, Map.of());
    Await.until("the command to start", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("long.sh.pid")));
    long pid = Long.parseLong(Files.readString(dir.resolve("long.sh.pid")).trim());
    // when: SIGTERM; the agent ends at once and leaves the job running
    int status = first.terminate(Duration.ofSeconds(20));
    assertThat(status).isIn(0, 143);
    assertThat(first.output()).contains("detached: 1 job(s) left to the next agent of this name");
    // then: for the ten seconds no agent of the name runs, the command goes on and the job stays RUNNING
    long awayUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < awayUntil) {
      assertThat(ProcessGroups.isRunning(pid)).as("the command while its agent restarts").isTrue();
      assertThat(JobnetSystem.node(system.run(run), "work").get("state").asText())
          .as("the job while its agent restarts").isEqualTo("RUNNING");
      Thread.sleep(500);
    }
    // and the next agent of the name takes it back and reports its real outcome
    JavaProcess second = system.startAgent(agentName, settings);
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(60));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "long.sh")).hasSize(1);
    assertThat(second.output()).contains("watching it again");
    List<String> kinds = system.eventKinds(run);
    assertThat(kinds).doesNotContain("JOB_STUCK").containsSubsequence("JOB_STARTED", "JOB_SUCCEEDED");
    assertThat(kinds.stream().filter("JOB_STARTED"::equals)).hasSize(1);
    assertGone("long.sh");
  }

  @Test
  void sigtermEndsTheWaitingLongPollOfAnIdleAgentSoNoJobIsLockedForItAfterwards() throws Exception {
    // given: F15 for an idle agent; its long poll and its lock are a minute long, so a fetch it left
    // waiting in the engine would lock the next job for a minute
    Path job = script(dir, "idle.sh", "exit 0");
    String server = system.deployOneJob(job);
    JavaProcess first = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server,
        "JOBNET_AGENT_LONG_POLL", "60", "JOBNET_AGENT_LOCK", "60"));
    // one run, so that the agent is past start-up and back in its long poll, waiting
    system.awaitEnd(system.start(server, Map.of()), Duration.ofSeconds(60));
    // when
    int status = first.terminate(Duration.ofSeconds(15));
    // then: it ended well before its long poll, and the next job goes to another agent at once
    assertThat(status).isIn(0, 143);
    assertThat(first.output()).contains("stopped");
    String run = system.start(server, Map.of());
    system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_SERVERS", server));
    JsonNode tree = system.awaitEnd(run, Duration.ofSeconds(30));
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs(dir, "idle.sh")).hasSize(2);
  }

  @Test
  void aWrongEngineUrlOrRefusedCredentialsEndTheAgentWithOneClearLine() throws Exception {
    // A user that does not exist: a wrong password for the real agents' user would make Camunda delay
    // that user's logins for a while (its brute-force protection), for every agent sharing it.
    JavaProcess wrongUser = system.startAgent(unique("agent"), Map.of("JOBNET_AGENT_USER", "sys-agent-typo"));
    assertThat(wrongUser.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(wrongUser.output()).contains("refused the agent's credentials (user 'sys-agent-typo')");
    JavaProcess wrongUrl = system.startAgent(unique("agent"), Map.of("JOBNET_ENGINE_URL",
        "http://127.0.0.1:9/engine-rest"));
    assertThat(wrongUrl.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(wrongUrl.output()).contains("cannot reach the engine at http://127.0.0.1:9/engine-rest");
  }
}
