package dev.jobnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code bpmn/} are promises to users: each file's comment says how its runs end.
 * The engine app deploys the folder at start-up (as {@code ./jobnet demo} does), one agent serves
 * every server the examples name from the repository root (where their scripts are named), a real
 * SMTP server takes the mails; every root jobnet is started and must end as its comment says:
 * states, attempts, outcome, and the mails to the administrators and to the user.
 *
 * <p>Also here, on the same engine: a job that fails on every attempt runs exactly {@code 1 + retries}
 * times, then is FAILED, never STUCK (issue 10), for 0, 1 and 5 retries; and a jobnet with Japanese
 * ids goes from {@code ./jobnet deploy} to its end, its commands told their ids by agents in the
 * {@code C} locale (issue 15).
 */
class ExamplesSystemTest {

  private static final String ADMINS = MailBox.ADMINS;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

  static MailBox mail;
  static JobnetSystem system;
  static Path dir;

  @BeforeAll
  static void startEngineAgentAndMailServer() throws Exception {
    mail = new MailBox();
    dir = JobnetSystem.logDirectory(ExamplesSystemTest.class);
    // the engine's default watchdog: the examples run as in the demo
    Map<String, String> engine = new java.util.HashMap<>(mail.engineSettings());
    engine.put("JOBNET_DEFINITIONS", REPOSITORY.resolve("bpmn").toString());
    system = new JobnetSystem(dir, false, engine);
    // the agent's default long poll (20 s), as in the demo: a retry must not wait for it to time out
    system.startAgent("examples", Map.of("JOBNET_AGENT_SERVERS", "default,batch-1,db-1",
        "JOBNET_AGENT_CAPACITY", "16", "JOBNET_AGENT_HEARTBEAT", "2", "JOBNET_AGENT_LOCK", "40",
        "JOBNET_AGENT_LONG_POLL", "20"),
        List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), REPOSITORY);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (system != null) {
      system.close();
    }
    if (mail != null) {
      mail.close();
    }
  }

  /** What a root jobnet's comment promises. */
  private record Promise(String root, String outcome, Duration within, Consumer<JsonNode> jobs,
      List<String> adminMailsFor) {}

  private static Consumer<JsonNode> states(Object... elementAndState) {
    return tree -> {
      for (int i = 0; i < elementAndState.length; i += 2) {
        String element = (String) elementAndState[i];
        for (JsonNode node : nodes(tree, element)) {
          assertThat(node.get("state").asText()).as("%s of %s", element, tree.get("jobnet").asText())
              .isEqualTo(elementAndState[i + 1]);
        }
      }
    };
  }

  private static Consumer<JsonNode> attempts(String element, int attempts) {
    return tree -> assertThat(JobnetSystem.node(tree, element).get("attempts").asInt())
        .as("attempts of %s", element).isEqualTo(attempts);
  }

  /** The job ran its attempts with the backoff's waits, not the agent's long poll's: from at least to at most. */
  private static Consumer<JsonNode> took(String element, Duration atLeast, Duration atMost) {
    return tree -> assertThat(Duration.between(time(tree, element, "startTime"), time(tree, element, "endTime")))
        .as("%s from its first start to its end", element).isBetween(atLeast, atMost);
  }

  private static Consumer<JsonNode> reason(String element, String contains) {
    return tree -> assertThat(JobnetSystem.node(tree, element).get("reason").asText())
        .as("reason of %s", element).contains(contains);
  }

  @SafeVarargs
  private static Consumer<JsonNode> all(Consumer<JsonNode>... checks) {
    return tree -> {
      for (Consumer<JsonNode> c : checks) {
        c.accept(tree);
      }
    };
  }

  private static final Duration QUICK = Duration.ofSeconds(90);

  private static List<Promise> promises() {
    return List.of(
        new Promise("job-test", "SUCCEEDED", QUICK, states("hello", "SUCCEEDED"), List.of()),
        new Promise("parallel-join", "SUCCEEDED", QUICK, all(
            states("prepare", "SUCCEEDED", "branch-a", "SUCCEEDED", "branch-b", "SUCCEEDED", "branch-c", "SUCCEEDED",
                "merge", "SUCCEEDED", "report", "SUCCEEDED"),
            tree -> assertThat(time(tree, "merge", "startTime")).as("merge starts after the slowest branch")
                .isAfterOrEqualTo(time(tree, "branch-b", "endTime"))), List.of()),
        new Promise("parallel-join-failure", "FAILED", QUICK, all(
            states("fast-branch", "SUCCEEDED", "slow-branch", "SUCCEEDED", "failing-branch", "FAILED",
                "merge", "SKIPPED", "after-merge", "SKIPPED"),
            attempts("failing-branch", 1),
            tree -> assertThat(time(tree, "merge", "endTime")).as("the join waits for every branch")
                .isAfterOrEqualTo(time(tree, "slow-branch", "endTime"))), List.of("failing-branch")),
        new Promise("nested-finally", "SUCCEEDED", QUICK, all(
            states("setup", "SUCCEEDED", "work", "SUCCEEDED", "work.step-1", "SUCCEEDED", "work.step-2", "SUCCEEDED",
                "work._finally.release-lock", "SUCCEEDED", "report", "SUCCEEDED", "_finally.cleanup", "SUCCEEDED"),
            tree -> assertThat(time(tree, "work._finally.release-lock", "startTime"))
                .isAfterOrEqualTo(time(tree, "work.step-2", "endTime")),
            tree -> assertThat(time(tree, "report", "startTime"))
                .isAfterOrEqualTo(time(tree, "work._finally.release-lock", "endTime")),
            tree -> assertThat(time(tree, "_finally.cleanup", "startTime"))
                .isAfterOrEqualTo(time(tree, "report", "endTime"))),
            List.of()),
        new Promise("nested-finally-failure", "FAILED", QUICK, all(
            states("setup", "SUCCEEDED", "work.step-1", "SUCCEEDED", "work.step-2", "FAILED", "work.step-3", "SKIPPED",
                "work._finally.release-lock", "SUCCEEDED", "work", "FAILED", "report", "SKIPPED",
                "_finally.cleanup", "SUCCEEDED"),
            attempts("work.step-2", 1)), List.of("work.step-2")),
        new Promise("expansion-a", "SUCCEEDED", QUICK, all(
            states("begin", "SUCCEEDED", "via-b", "SUCCEEDED", "via-c", "SUCCEEDED", "b-work", "SUCCEEDED",
                "c-work", "SUCCEEDED", "show-env", "SUCCEEDED", "end", "SUCCEEDED"),
            tree -> assertThat(nodes(tree, "show-env")).as("D runs twice, under B and under C").hasSize(2)),
            List.of()),
        new Promise("expansion-d", "SUCCEEDED", QUICK, states("show-env", "SUCCEEDED"), List.of()),
        new Promise("retry-flaky", "SUCCEEDED", QUICK, all(
            states("flaky", "SUCCEEDED", "after-flaky", "SUCCEEDED"), attempts("flaky", 3),
            took("flaky", Duration.ofSeconds(6), Duration.ofSeconds(15))), List.of()),
        new Promise("retry-none", "FAILED", QUICK, all(
            states("charge-card", "FAILED", "receipt", "SKIPPED"), attempts("charge-card", 1)),
            List.of("charge-card")),
        new Promise("retry-exhausted", "FAILED", QUICK, all(
            states("quick-check", "SUCCEEDED", "always-fails", "FAILED", "never-runs", "SKIPPED"),
            attempts("always-fails", 3), attempts("quick-check", 1),
            took("always-fails", Duration.ofSeconds(4), Duration.ofSeconds(12)),
            reason("always-fails", "no retries left")), List.of("always-fails")),
        new Promise("huge-output-small", "SUCCEEDED", QUICK, states("write-16m", "SUCCEEDED"), List.of()),
        // BPMN saved as Camunda Modeler saves it, deployed from bpmn/ at start-up and run by the agent
        new Promise("modeler-edited", "SUCCEEDED", QUICK, all(
            states("extract", "SUCCEEDED", "transform-a", "SUCCEEDED", "transform-b", "SUCCEEDED", "load", "SUCCEEDED",
                "verify", "SUCCEEDED", "_finally.cleanup", "SUCCEEDED"),
            attempts("verify", 1),
            tree -> assertThat(time(tree, "verify", "startTime")).as("the added job runs after load")
                .isAfterOrEqualTo(time(tree, "load", "endTime")),
            tree -> assertThat(time(tree, "_finally.cleanup", "startTime")).as("and before the finally")
                .isAfterOrEqualTo(time(tree, "verify", "endTime"))), List.of()),
        new Promise("modeler-drawn", "FAILED", QUICK, all(
            states("Activity_fetch", "SUCCEEDED", "Activity_1expand", "SUCCEEDED", "hello", "SUCCEEDED",
                "Activity_resize", "SUCCEEDED", "Activity_check", "FAILED", "Activity_0nested", "FAILED",
                "Activity_publish", "SKIPPED", "Activity_tidy", "SUCCEEDED"),
            attempts("Activity_check", 1), reason("Activity_check", "exit status 3")), List.of("Activity_check")),
        new Promise("missing-command", "FAILED", QUICK, all(
            states("no-such-command", "FAILED", "never-runs", "SKIPPED", "_finally.after-failure", "SUCCEEDED"),
            attempts("no-such-command", 1), reason("no-such-command", "command not found: /nonexistent/bin/no-such-command")),
            List.of("no-such-command")),
        new Promise("missing-command-not-executable", "FAILED", QUICK, all(
            states("not-executable", "FAILED", "never-runs", "SKIPPED"), attempts("not-executable", 1),
            reason("not-executable", "command not executable: " + REPOSITORY.resolve("bpmn/scripts/not-executable.sh")
                + " has no execute permission")), List.of("not-executable")),
        new Promise("missing-command-workdir", "FAILED", QUICK, all(
            states("wrong-workdir", "FAILED", "never-runs", "SKIPPED"), attempts("wrong-workdir", 1),
            reason("wrong-workdir", "working directory /nonexistent/workdir does not exist")),
            List.of("wrong-workdir")),
        new Promise("nightly-sales", "SUCCEEDED", Duration.ofMinutes(3), all(
            states("check-calendar", "SUCCEEDED", "extract-orders", "SUCCEEDED", "extract-stock", "SUCCEEDED",
                "aggregate", "SUCCEEDED", "load", "SUCCEEDED", "publish", "SUCCEEDED", "publish.render", "SUCCEEDED",
                "publish.upload", "SUCCEEDED", "monthly", "SUCCEEDED", "render-report", "SUCCEEDED",
                "archive-report", "SUCCEEDED", "_finally.cleanup", "SUCCEEDED"),
            tree -> assertThat(time(tree, "aggregate", "startTime")).isAfterOrEqualTo(time(tree, "extract-orders", "endTime")),
            tree -> assertThat(time(tree, "_finally.cleanup", "startTime"))
                .isAfterOrEqualTo(time(tree, "monthly", "endTime"))),
            List.of()),
        // the slow ones last: their runs go on while the quick ones are checked
        new Promise("huge-output", "SUCCEEDED", Duration.ofMinutes(8),
            states("write-1g", "SUCCEEDED", "after-output", "SUCCEEDED"), List.of()),
        new Promise("long-running", "SUCCEEDED", Duration.ofMinutes(8), all(
            states("long-job", "SUCCEEDED", "after-long-job", "SUCCEEDED"), attempts("long-job", 1),
            tree -> assertThat(Duration.between(time(tree, "long-job", "startTime"), time(tree, "long-job", "endTime")))
                .as("the job ticks for 5 minutes").isGreaterThanOrEqualTo(Duration.ofSeconds(295))),
            List.of()),
        new Promise("long-running-timeout", "FAILED", Duration.ofMinutes(4), all(
            states("too-slow", "FAILED", "never-runs", "SKIPPED", "_finally.report-timeout", "SUCCEEDED"),
            attempts("too-slow", 1), reason("too-slow", "timed out")), List.of("too-slow")));
  }

  @Test
  void everyExampleEndsAsItsCommentSays() throws Exception {
    // given: every root jobnet of bpmn/ is deployed (the engine did it at start-up)
    List<Promise> promises = promises();
    Map<String, String> runs = new LinkedHashMap<>();
    // when: each is started by a user who wants to be told
    for (Promise p : promises) {
      runs.put(p.root(), system.start(p.root(), Map.of("notifyEmail", user(p.root()))));
    }
    // and nightly-sales is scheduled at 02:30 from Monday to Friday, in the engine's zone (a scheduled run
    // mails the administrators when it ends: ClusterSystemTest#aScheduleStartsEachTickOnceWithTwoSchedulersUp)
    assertScheduledAt230OnWeekdays("nightly-sales");
    // and every run started by hand ends as its comment says
    for (Promise p : promises) {
      String run = runs.get(p.root());
      JsonNode tree = system.awaitEnd(run, p.within());
      assertThat(tree.get("outcome").asText()).as("outcome of %s", p.root()).isEqualTo(p.outcome());
      p.jobs().accept(tree);
      assertThat(startedNotStuck(run)).as("%s: no job of it was STUCK", p.root()).isTrue();
      // one end mail to the user, whatever the outcome
      List<MimeMessage> toUser = awaitMails(user(p.root()), 1);
      assertThat(toUser.get(0).getSubject()).as("end mail of %s", p.root()).startsWith("[jobnet] " + p.outcome());
      // one "retries used up" mail per failed job, and no other administrators' mail about this run
      List<MimeMessage> toAdmins = awaitMails(ADMINS, run, p.adminMailsFor().size());
      assertThat(toAdmins).extracting(ExamplesSystemTest::subject)
          .as("administrators' mails about %s", p.root())
          .allSatisfy(s -> assertThat(s).startsWith("[jobnet] JOB FAILED").endsWith("retries used up"))
          .hasSize(p.adminMailsFor().size());
    }
    // the job test's line is in its log; the huge output's head and tail are kept
    assertThat(system.get("/jobnet-api/runs/" + runs.get("job-test") + "/jobs/hello/output/stdout").body())
        .contains("hello from job-test");
    String small = system.get("/jobnet-api/runs/" + runs.get("huge-output-small") + "/jobs/write-16m/output/stdout")
        .body();
    assertThat(small).startsWith("FIRST LINE OF STDOUT").contains("LAST LINE OF STDOUT");
  }

  @Test
  void theVideoExampleRunsTheSeedsThreePostsAgainstItsDemoBackend() throws Exception {
    // given: the example's demo backend, a real process of its own
    Path log = dir.resolve("video-backend.log");
    Process backend = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        REPOSITORY.resolve("bpmn/scripts/VideoBackend.java").toString(), "0")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String port = Await.until("the demo backend to listen", Duration.ofSeconds(60), () -> {
        try {
          return Files.readAllLines(log).stream().filter(l -> l.startsWith("listening on 127.0.0.1:")).findFirst()
              .map(l -> l.substring(l.lastIndexOf(':') + 1));
        } catch (IOException e) {
          return Optional.<String>empty();
        }
      });
      // when: the web tier starts a run per video over the engine REST API (POST 1)
      String ok = system.start("video-encode", Map.of("backend", "127.0.0.1:" + port, "videoId", "v-1",
          "notifyEmail", user("video-ok")));
      String broken = system.start("video-encode", Map.of("backend", "127.0.0.1:" + port, "videoId", "broken-1",
          "notifyEmail", user("video-broken")));
      // then: the good video is encoded once (POST 2, then POST 3 by callback), published once, SUCCEEDED
      JsonNode okTree = system.awaitEnd(ok, Duration.ofMinutes(2));
      assertThat(okTree.get("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(JobnetSystem.node(okTree, "encode").get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(JobnetSystem.node(okTree, "publish").get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(awaitMails(user("video-ok"), 1).get(0).getSubject()).startsWith("[jobnet] SUCCEEDED");
      // and the broken one fails on each of its 6 attempts, each a request of its own key, then FAILED
      JsonNode brokenTree = system.awaitEnd(broken, Duration.ofMinutes(3));
      assertThat(brokenTree.get("outcome").asText()).isEqualTo("FAILED");
      JsonNode encode = JobnetSystem.node(brokenTree, "encode");
      assertThat(encode.get("state").asText()).isEqualTo("FAILED");
      assertThat(encode.get("attempts").asInt()).isEqualTo(6);
      assertThat(encode.get("reason").asText()).contains("the backend reported fail: cannot decode broken-1");
      assertThat(JobnetSystem.node(brokenTree, "publish").get("state").asText()).isEqualTo("SKIPPED");
      List<MimeMessage> toAdmins = awaitMails(ADMINS, broken, 1);
      assertThat(subject(toAdmins.get(0))).startsWith("[jobnet] JOB FAILED").endsWith("retries used up");
      assertThat(awaitMails(user("video-broken"), 1).get(0).getSubject()).startsWith("[jobnet] FAILED");
      List<String> lines = Files.readAllLines(log);
      assertThat(lines.stream().filter(l -> l.startsWith("encoded v-1 "))).as("v-1 encoded once").hasSize(1);
      assertThat(lines.stream().filter(l -> l.startsWith("published v-1 "))).as("v-1 published once").hasSize(1);
      List<String> failedKeys = lines.stream().filter(l -> l.startsWith("failed broken-1 "))
          .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
      assertThat(failedKeys).as("one piece of work per attempt, each with its own key").hasSize(6)
          .doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).matches(".+:[1-6]"));
      assertThat(lines).noneMatch(l -> l.startsWith("callback ") && !l.contains(" 200 "));
    } finally {
      backend.destroy();
      backend.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anHttpJobIsRetriedOnA500AndA429AfterItsRetryAfterAndFailsAtOnceOnA400() throws Exception {
    // given: a backend in the test that answers /flaky 500 once then 200, /busy 429 (Retry-After: 3)
    // once then 200, /bad 400; and a jobnet of one http job per path
    Map<String, List<String>> keys = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, List<Instant>> at = new java.util.concurrent.ConcurrentHashMap<>();
    HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext("/", x -> {
      String path = x.getRequestURI().getPath();
      keys.computeIfAbsent(path, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(x.getRequestHeaders().getFirst("Idempotency-Key"));
      at.computeIfAbsent(path, p -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(Instant.now());
      x.getRequestBody().readAllBytes();
      int n = keys.get(path).size();
      int status = switch (path) {
        case "/flaky" -> n == 1 ? 500 : 200;
        case "/busy" -> n == 1 ? 429 : 200;
        default -> 400;
      };
      if (status == 429) {
        x.getResponseHeaders().add("Retry-After", "3");
      }
      byte[] body = (status == 400 ? "{\"error\":\"unknown video\"}" : "{}").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(status, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    backend.start();
    try {
      String root = JobnetSystem.unique("http");
      String base = "http://127.0.0.1:" + backend.getAddress().getPort();
      system.deploy("""
          jobnets:
            %1$s:
              retry: { retries: 3, backoff: 200ms, factor: 1, jitter: 0 }
              jobs:
                flaky: { http: { url: "%2$s/flaky", body: { n: 1 } } }
                busy: { http: { url: "%2$s/busy", method: PUT } }
                bad: { http: { url: "%2$s/bad" } }
          """.formatted(root, base));
      // when
      String run = system.start(root, Map.of("notifyEmail", user(root)));
      // then: the 500 and the 429 are retried once each (the 429 after the 3 s it asked for) and
      // succeed; the 400 fails at once; every attempt carried its own key
      JsonNode tree = system.awaitEnd(run, Duration.ofMinutes(2));
      assertThat(tree.get("outcome").asText()).isEqualTo("FAILED");
      assertThat(JobnetSystem.node(tree, "flaky").get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(JobnetSystem.node(tree, "flaky").get("attempts").asInt()).isEqualTo(2);
      assertThat(JobnetSystem.node(tree, "busy").get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(JobnetSystem.node(tree, "busy").get("attempts").asInt()).isEqualTo(2);
      assertThat(Duration.between(at.get("/busy").get(0), at.get("/busy").get(1)))
          .as("the second try of /busy waited for its Retry-After").isGreaterThanOrEqualTo(Duration.ofMillis(2900));
      JsonNode bad = JobnetSystem.node(tree, "bad");
      assertThat(bad.get("state").asText()).isEqualTo("FAILED");
      assertThat(bad.get("attempts").asInt()).isEqualTo(1);
      assertThat(bad.get("reason").asText()).contains("POST " + base + "/bad answered 400: {\"error\":\"unknown video\"}")
          .contains("not retried");
      assertThat(keys.get("/bad")).hasSize(1);
      assertThat(keys.get("/flaky")).hasSize(2).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).matches(".+:[12]"));
      assertThat(keys.get("/flaky").get(0).replaceAll(":1$", "")).as("the job id of both attempts")
          .isEqualTo(keys.get("/flaky").get(1).replaceAll(":2$", ""));
      assertThat(system.get("/jobnet-api/runs/" + run + "/jobs/bad/output/stdout").body())
          .contains("Idempotency-Key: ").contains("HTTP 400");
      assertThat(awaitMails(user(root), 1).get(0).getSubject()).startsWith("[jobnet] FAILED");
    } finally {
      backend.stop(0);
    }
  }

  @Test
  void aJobThatFailsOnEveryAttemptRunsOncePlusItsRetriesThenIsFailedNeverStuck() throws Exception {
    // given: jobs of 0, 1 and 5 retries that always fail, each with a job after it and a finally
    Path scripts = Files.createDirectories(dir.resolve("retry-scripts"));
    StringBuilder yaml = new StringBuilder("version: 1\njobnets:\n");
    for (int retries : new int[] {0, 1, 5}) {
      Path job = JobScripts.script(scripts, "fails-" + retries, "echo 'attempt '$JOBNET_ATTEMPT' fails' >&2; exit 3");
      yaml.append("  always-fails-").append(retries).append(":\n")
          .append("    jobs:\n")
          .append("      fails:\n")
          .append("        run: ").append(job).append('\n')
          .append("        retry: { retries: ").append(retries).append(", backoff: 200ms, factor: 1.5, jitter: 0 }\n")
          .append("      after: echo never printed\n")
          .append("    finally:\n")
          .append("      jobs:\n")
          .append("        cleanup: echo cleanup\n");
    }
    system.deploy(yaml.toString());
    // when
    Map<Integer, String> runs = new LinkedHashMap<>();
    for (int retries : new int[] {0, 1, 5}) {
      runs.put(retries, system.start("always-fails-" + retries, Map.of("notifyEmail", user("retries-" + retries))));
    }
    // then
    for (Map.Entry<Integer, String> e : runs.entrySet()) {
      int retries = e.getKey();
      String run = e.getValue();
      JsonNode tree = system.awaitEnd(run, Duration.ofMinutes(2));
      assertThat(JobScripts.runs(scripts, "fails-" + retries)).as("runs with %d retries", retries)
          .hasSize(1 + retries);
      assertThat(tree.get("outcome").asText()).isEqualTo("FAILED");
      JsonNode fails = JobnetSystem.node(tree, "fails");
      assertThat(fails.get("state").asText()).isEqualTo("FAILED");
      assertThat(fails.get("attempts").asInt()).isEqualTo(1 + retries);
      assertThat(fails.get("reason").asText()).contains("exit status 3")
          .contains(retries == 0 ? "(attempt 1" : "(attempt " + (1 + retries) + ", no retries left)");
      assertThat(JobnetSystem.node(tree, "after").get("state").asText()).isEqualTo("SKIPPED");
      assertThat(JobnetSystem.node(tree, "_finally.cleanup").get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(startedNotStuck(run)).as("never STUCK").isTrue();
      assertThat(system.events(run, "JOB_STARTED")).filteredOn(ev -> ev.get("elementId").asText().equals("fails"))
          .as("each run of the command started with a marker").hasSize(1 + retries);
      assertThat(system.events(run, "JOB_RETRIED")).extracting(ev -> ev.path("details").path("retriesLeft").asInt())
          .as("retries left after each failed attempt").containsExactlyElementsOf(countDown(retries));
      List<MimeMessage> toAdmins = awaitMails(ADMINS, run, 1);
      assertThat(subject(toAdmins.get(0))).startsWith("[jobnet] JOB FAILED").endsWith("retries used up");
      assertThat(text(toAdmins.get(0))).contains("attempt " + (1 + retries) + " fails");
      assertThat(awaitMails(user("retries-" + retries), 1).get(0).getSubject()).startsWith("[jobnet] FAILED");
    }
  }

  @Test
  void aJobnetWithJapaneseIdsIsDeployedStartedByItsKeyAndItsJobsAreToldTheirIds() throws Exception {
    // given: a jobnet whose root, jobs, nested jobnet and finally have Japanese ids; each job writes its
    // MM_* variables to a file named by its argument
    Path work = Files.createDirectories(dir.resolve("japanese-ids"));
    Path mm = JobScripts.script(work, "mm", "env | grep -E '^(MM_|JOBNET_ATTEMPT=)' | sort > " + work + "/\"$1\".env");
    String server = JobnetSystem.unique("ja");
    String asciiServer = JobnetSystem.unique("ja-ascii");
    Path yaml = work.resolve("nightly-ja.yaml");
    Files.writeString(yaml, """
        version: 1
        jobnets:
          夜間バッチ:
            name: 夜間バッチ処理
            server: %1$s
            jobs:
              取込: { run: %3$s import, next: [集計, 変換] }
              集計: { run: %3$s sum, next: 保管 }
              変換: { run: %3$s convert, next: 保管 }
              保管:
                jobnet:
                  jobs:
                    圧縮: { run: %3$s pack }
            finally:
              jobs:
                後始末: { run: %3$s cleanup }
          夜間バッチ-ascii:
            server: %2$s
            jobs:
              取込: { run: %3$s ascii }
        """.formatted(server, asciiServer, mm), StandardCharsets.UTF_8);
    // and agents in the C locale, as services often start: one as the jobnet launcher starts it
    // (-Dfile.encoding=UTF-8), one without, whose Java passes text to processes in ASCII
    List<String> jvm = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    List<String> launcherJvm = new ArrayList<>(jvm);
    launcherJvm.add("-Dfile.encoding=UTF-8");
    system.startAgent(JobnetSystem.unique("ja-agent"), Map.of("JOBNET_AGENT_SERVERS", server, "LC_ALL", "C"),
        launcherJvm);
    system.startAgent(JobnetSystem.unique("ja-ascii-agent"), Map.of("JOBNET_AGENT_SERVERS", asciiServer,
        "LC_ALL", "C"), jvm);

    // when: it is deployed with ./jobnet deploy in the C locale, and started by its URL-encoded key
    ProcessBuilder deploy = new ProcessBuilder("bash", REPOSITORY.resolve("jobnet").toString(), "deploy",
        yaml.toString(), "--url", system.engineUrl().replace("/engine-rest", "")).redirectErrorStream(true);
    deploy.environment().keySet().removeIf(k -> k.startsWith("JOBNET_") || k.equals("LANG") || k.startsWith("LC_"));
    deploy.environment().putAll(Map.of("LC_ALL", "C", "JOBNET_USER", JobnetSystem.ADMIN,
        "JOBNET_PASSWORD", JobnetSystem.ADMIN_PASSWORD));
    Process deploying = deploy.start();
    String deployed = new String(deploying.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(deploying.waitFor(120, TimeUnit.SECONDS)).as("deploy finished").isTrue();
    assertThat(deploying.exitValue()).as(deployed).isZero();
    String run = system.start(URLEncoder.encode("夜間バッチ", StandardCharsets.UTF_8),
        Map.of("notifyEmail", user("japanese-ids")));
    String failing = system.start(URLEncoder.encode("夜間バッチ-ascii", StandardCharsets.UTF_8), Map.of());

    // then: the run goes as written, parallel jobs, nested jobnet and finally
    JsonNode tree = system.awaitEnd(run, QUICK);
    assertThat(tree.get("outcome").asText()).isEqualTo("SUCCEEDED");
    states("取込", "SUCCEEDED", "集計", "SUCCEEDED", "変換", "SUCCEEDED", "保管", "SUCCEEDED", "保管.圧縮", "SUCCEEDED",
        "_finally.後始末", "SUCCEEDED").accept(tree);
    assertThat(time(tree, "保管.圧縮", "startTime")).isAfterOrEqualTo(time(tree, "集計", "endTime"))
        .isAfterOrEqualTo(time(tree, "変換", "endTime"));
    // and each command was told its ids, in UTF-8, though its agent runs in the C locale
    assertThat(Files.readString(work.resolve("import.env"), StandardCharsets.UTF_8))
        .contains("MM_TEMPLATE_JOB_ID=取込\n", "MM_ACTUAL_JOB_NAME_PATH=/夜間バッチ/取込\n",
            "MM_TEMPLATE_JOB_ANCESTOR_IDS=夜間バッチ\n", "MM_ROOT_JOBNET_ID=" + run + "\n");
    assertThat(Files.readString(work.resolve("pack.env"), StandardCharsets.UTF_8))
        .contains("MM_TEMPLATE_JOB_ID=圧縮\n", "MM_ACTUAL_JOB_NAME_PATH=/夜間バッチ/保管/圧縮\n",
            "MM_TEMPLATE_JOB_ANCESTOR_IDS=夜間バッチ;保管\n");
    assertThat(Files.readString(work.resolve("cleanup.env"), StandardCharsets.UTF_8))
        .contains("MM_TEMPLATE_JOB_ID=後始末\n", "MM_ACTUAL_JOB_NAME_PATH=/夜間バッチ/finally/後始末\n");
    // and the user is told the end in a mail that names the jobnet
    assertThat(awaitMails(user("japanese-ids"), 1).get(0).getSubject()).startsWith("[jobnet] SUCCEEDED 夜間バッチ");
    // and the agent that could only pass ASCII did not run its command with '?' for the ids: the job
    // failed at once, saying how to start the agent
    JsonNode failed = system.awaitEnd(failing, QUICK);
    assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
    JsonNode job = JobnetSystem.node(failed, "取込");
    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("attempts").asInt()).isEqualTo(1);
    assertThat(job.get("reason").asText()).contains("cannot pass the variable MM_",
        "this agent's Java passes text to processes in US-ASCII (its locale's charset); start the agent with"
            + " -Dfile.encoding=UTF-8 or in a UTF-8 locale");
    assertThat(work.resolve("ascii.env")).doesNotExist();
  }

  /** retries, retries - 1, ..., 1: what each JOB_RETRIED says is left. */
  private static List<Integer> countDown(int retries) {
    List<Integer> left = new ArrayList<>();
    for (int i = retries; i >= 1; i--) {
      left.add(i);
    }
    return left;
  }

  private static String user(String root) {
    return root + "@users.example";
  }

  /**
   * Asserts that the engine's scheduler starts {@code root} at 02:30 on each weekday of the next
   * fortnight and on no other day, as the example's comment says.
   */
  private static void assertScheduledAt230OnWeekdays(String root) throws IOException {
    JsonNode schedules = JSON.readTree(system.get("/jobnet-api/schedules?from=" + LocalDate.now(ZoneOffset.UTC)
        .plusDays(1) + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(15)).body());
    JsonNode schedule = null;
    for (JsonNode s : schedules) {
      if (s.get("jobnet").asText().equals(root)) {
        schedule = s;
      }
    }
    assertThat(schedule).as("the schedule of %s in %s", root, schedules).isNotNull();
    assertThat(schedule.get("startedBy").asText()).isEqualTo("scheduler");
    List<OffsetDateTime> runs = new ArrayList<>();
    schedule.get("runs").forEach(r -> runs.add(OffsetDateTime.parse(r.get("at").asText())));
    assertThat(runs).as("the runs of %s in two weeks", root).hasSize(10).allSatisfy(at -> {
      assertThat(at.toLocalTime()).isEqualTo(LocalTime.of(2, 30));
      assertThat(at.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    });
  }

  private static boolean startedNotStuck(String rootRun) throws IOException {
    return system.events(rootRun, "JOB_STUCK").isEmpty();
  }

  /** Every node of the tree (expanded runs included) with this element id. */
  private static List<JsonNode> nodes(JsonNode tree, String elementId) {
    List<JsonNode> found = new ArrayList<>();
    collect(tree.get("nodes"), elementId, found);
    assertThat(found).as("nodes %s in %s", elementId, tree.get("jobnet")).isNotEmpty();
    return found;
  }

  private static void collect(JsonNode nodes, String elementId, List<JsonNode> found) {
    if (nodes == null) {
      return;
    }
    for (JsonNode n : nodes) {
      if (n.get("elementId").asText().equals(elementId)) {
        found.add(n);
      }
      collect(n.get("children"), elementId, found);
    }
  }

  private static Instant time(JsonNode tree, String elementId, String field) {
    return Instant.parse(JobnetSystem.node(tree, elementId).get(field).asText());
  }

  private static List<MimeMessage> awaitMails(String address, int count) {
    return mail.await(address, count);
  }

  private static List<MimeMessage> awaitMails(String address, String run, int count) {
    return mail.await(address, run, count);
  }

  private static String subject(MimeMessage m) {
    return MailBox.subject(m);
  }

  private static String text(MimeMessage m) {
    return MailBox.text(m);
  }
}
