package dev.jobnet.engine.cockpit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.OperatorTestBase;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The Cockpit plugin in a real headless Chromium, logged in to Cockpit as an operator: what an operator
 * does about stuck, running and failed jobs, page by page. The test plays the agents (the engine's
 * API and the agents' REST calls), so every state is the one the engine reaches with real agents.
 * Screenshots go to {@code target/screenshots/}; the operator's guide ({@code docs/operator-guide.md})
 * shows some of them ({@code docs/images/}).
 *
 * <p>Runs on H2 only (not named {@code *AppTest}): the plugin's pages are the same on both databases,
 * and what they call is tested on both by the endpoints' own {@code *AppTest}s.
 */
@TestPropertySource(properties = {
    "jobnet.agents.offline-after=PT2S",
    "jobnet.agents.watchdog-interval=PT0.2S"})
class CockpitPluginBrowserTest extends OperatorTestBase {

  private static final long LOCK = 60_000;

  @LocalServerPort
  int port;

  private Browser browser;
  private final List<AutoCloseable> agents = new ArrayList<>();

  @BeforeEach
  void logIn() throws Exception {
    browser = Browser.start("http://localhost:" + port);
    browser.logIn(ADMIN, ADMIN_PASSWORD);
  }

  @AfterEach
  void close(TestInfo test) throws Exception {
    for (AutoCloseable agent : agents) {
      agent.close();
    }
    if (browser != null) {
      try {
        browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
        System.out.println("Browser console of " + test.getDisplayName() + ": " + browser.consoleLog());
      } finally {
        browser.close();
      }
    }
  }

  private static final String NIGHTLY = """
      jobnets:
        %s:
          name: Nightly sales
          jobs:
            extract: { run: /opt/batch/extract.sh, server: batch-1, next: load }
            load: { run: /opt/batch/load.sh, server: batch-1 }
      """;

  private String start(String key, String businessKey, Map<String, Object> parameters) {
    return engine.getRuntimeService().startProcessInstanceByKey(key, businessKey, parameters).getId();
  }

  private static HttpEntity<String> jsonBody(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  /** An agent that keeps reporting to the registry (every 500 ms) the jobs of the given runs it holds. */
  /** The Run page's diagram labels element {@code elementId} with {@code state}. */
  private void awaitDiagramState(String elementId, String state) {
    browser.awaitText(By.cssSelector(".jobnet-run-diagram .jobnet-diagram-state[data-element='" + elementId + "']"),
        state);
  }

  private void keepReporting(String name, String server) {
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
    reporter.scheduleWithFixedDelay(() -> {
      List<ExternalTask> running = engine.getExternalTaskService().createExternalTaskQuery().workerId(name).list();
      heartbeat(name, List.of(server), LOCK, running);
    }, 0, 500, TimeUnit.MILLISECONDS);
    agents.add(() -> {
      reporter.shutdownNow();
      reporter.awaitTermination(10, TimeUnit.SECONDS);
    });
    await("agent " + name + " ONLINE", Duration.ofSeconds(10),
        () -> admin().getForEntity("/jobnet-api/agents", String.class).getBody().contains("\"" + name + "\""));
  }

  /** The agent ships output of a job's first attempt, as it does at each heartbeat. */
  private void ship(LockedExternalTask task, String stream, long offset, String text) {
    ship(task, 1, stream, offset, text);
  }

  /** The agent ships output of an attempt of a job, as it does at each heartbeat. */
  private void ship(LockedExternalTask task, int attempt, String stream, long offset, String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    ResponseEntity<String> r = agent().exchange("/jobnet-api/jobs/" + task.getId() + "/output/" + stream
        + "?attempt=" + attempt + "&offset=" + offset, HttpMethod.POST,
        new HttpEntity<>(text.getBytes(StandardCharsets.UTF_8), headers), String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
  }

  /** Fetches a job that failed with retries left, as its agent (still its worker) does for the next attempt. */
  private LockedExternalTask fetchAgain(String run, String activityId, String worker) {
    LockedExternalTask[] found = new LockedExternalTask[1];
    await("job " + activityId + " of run " + run + " fetchable again", Duration.ofSeconds(20), () -> {
      ExternalTask t = task(run, activityId);
      for (LockedExternalTask l : engine.getExternalTaskService().fetchAndLock(50, worker)
          .topic(t.getTopicName(), LOCK).processDefinitionId(t.getProcessDefinitionId()).execute()) {
        if (found[0] == null && l.getActivityId().equals(activityId) && l.getProcessInstanceId().equals(run)) {
          found[0] = l;
        } else {
          engine.getExternalTaskService().unlock(l.getId());
        }
      }
      return found[0] != null;
    });
    return found[0];
  }

  private String outcome(String run) {
    return (String) engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName(ProcessVariables.OUTCOME).singleResult().getValue();
  }

  @Test
  void anOperatorMarksAStuckJobSucceededAndTheJobnetFinishes() {
    // given: extract started on batch-1-a, whose agent then falls silent: STUCK
    String key = deploy(NIGHTLY);
    String run = start(key, "2026-11-23", Map.of("date", "2026-11-23", "region", "emea"));
    startJob(run, "extract", "batch-1-a", 1, LOCK);
    heartbeat("batch-1-a", List.of("batch-1"), LOCK, List.of(task(run, "extract")));
    awaitState(run, "extract", "STUCK");
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=incidents-tab");
    browser.await(By.cssSelector(".jobnet-resolve[data-action='SUCCEEDED']"));
    browser.screenshot("f3-stuck-incident");

    // when: Mark succeeded, with a reason
    browser.click(".jobnet-resolve[data-action='SUCCEEDED']");
    browser.type(".jobnet-dialog-reason", "checked the sales table: the extract of 2026-11-23 is complete");
    browser.screenshot("f3-mark-succeeded-confirm");
    browser.click(".jobnet-dialog-confirm");

    // then: the dialog says so, load runs (on another agent of batch-1) and the jobnet finishes
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "Job extract of run " + run + " is now SUCCEEDED");
    browser.screenshot("f3-mark-succeeded-result");
    browser.click(".jobnet-dialog-close");
    // the operator stays on the run: its page shows extract SUCCEEDED, and load waiting for an agent
    browser.awaitText(By.cssSelector(".jobnet-run-id"), run);
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "SUCCEEDED");
    awaitDiagramState("extract", "SUCCEEDED");
    LockedExternalTask load = fetch(run, "load", "batch-1-b", LOCK);
    engine.getExternalTaskService().complete(load.getId(), "batch-1-b");
    awaitRunState(run, "SUCCEEDED");
    browser.cockpit("#/jobnets");
    browser.select(".jobnet-filter-state", "finished");
    browser.type(".jobnet-filter-jobnet", key);
    browser.click(".jobnet-search");
    browser.awaitText(By.cssSelector("tr.jobnet-run[data-run='" + run + "']"), "SUCCEEDED");
    browser.click("tr.jobnet-run[data-run='" + run + "'] .jobnet-details");
    browser.awaitText(By.cssSelector(".jobnet-parameters"), "emea");
    browser.screenshot("f3-jobnet-finished");
    assertThat(outcome(run)).isEqualTo("SUCCEEDED");
  }

  @Test
  void aJobnetWithJapaneseIdsShowsInCockpitAndOnItsRunPageAndItsJobsLogOpens() {
    // given: a jobnet with Japanese ids, started through the engine's REST API by its URL-encoded key
    String key = "夜間バッチ-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    dev.jobnet.engine.testing.JobnetDeployment.deploy(engine, """
        jobnets:
          %s:
            name: 夜間バッチ処理
            server: batch-11
            jobs:
              取込: { run: /opt/batch/import.sh, next: [集計, 変換] }
              集計: { run: /opt/batch/sum.sh }
              変換: { run: /opt/batch/convert.sh }
            finally:
              jobs:
                後始末: { run: /opt/batch/cleanup.sh }
        """.formatted(key));
    ResponseEntity<String> started = admin().exchange(java.net.URI.create("http://localhost:" + port
        + "/engine-rest/process-definition/key/" + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8)
        + "/start"), HttpMethod.POST, jsonBody("{}"), String.class);
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    String run = json(started.getBody()).get("id").asText();
    keepReporting("batch-11-a", "batch-11");
    LockedExternalTask first = startJob(run, "取込", "batch-11-a", 1, LOCK);
    ship(first, "stdout", 0, "取込: 1000 件\n");

    // when: the operator opens the run's page
    browser.cockpit("#/jobnet-runs/" + run);

    // then: the jobs are listed by their ids, the running one with its live log
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='取込']"), "RUNNING");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='集計']"), "集計");
    browser.click("tr.jobnet-node[data-element='取込'] .jobnet-log-button");
    browser.awaitText(By.cssSelector(".jobnet-log-stdout"), "取込: 1000 件");
    browser.screenshot("japanese-ids-run-page");
    browser.click(".jobnet-dialog-close");

    // when: the first job ends and the two after it start
    engine.getExternalTaskService().complete(first.getId(), "batch-11-a");
    startJob(run, "集計", "batch-11-a", 1, LOCK);
    startJob(run, "変換", "batch-11-a", 1, LOCK);

    // then: Cockpit's diagram of the run shows them by their ids and states, and the run page their states
    browser.cockpit("#/process-instance/" + run + "/runtime");
    browser.await(By.cssSelector("[data-element-id='集計']"));
    browser.await(By.cssSelector("[data-element-id='_finally.後始末']"));
    // with each job's state on the diagram
    browser.awaitText(By.cssSelector(".jobnet-diagram-state[data-element='取込']"), "SUCCEEDED");
    browser.awaitText(By.cssSelector(".jobnet-diagram-state[data-element='集計']"), "RUNNING");
    browser.awaitText(By.cssSelector(".jobnet-diagram-state[data-element='_finally.後始末']"), "WAITING");
    browser.screenshot("japanese-ids-cockpit-diagram");
    browser.cockpit("#/jobnet-runs/" + run);
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='取込']"), "SUCCEEDED");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='変換']"), "RUNNING");
    // and the Jobnets page finds the run by its jobnet's id
    browser.cockpit("#/jobnets?state=running");
    browser.type(".jobnet-filter-jobnet", key);
    browser.click(".jobnet-search");
    browser.awaitText(By.cssSelector("tr.jobnet-run[data-run='" + run + "']"), key);
  }

  @Test
  void anOperatorStopsARunningJobnetFromItsPage() {
    // given: extract running on batch-2-a, which keeps reporting
    String key = deploy(NIGHTLY.replace("batch-1", "batch-2"));
    String run = start(key, "2026-11-24", Map.of("date", "2026-11-24"));
    keepReporting("batch-2-a", "batch-2");
    startJob(run, "extract", "batch-2-a", 1, LOCK);
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=jobnet.run.jobs");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "RUNNING");
    browser.screenshot("f10-running-jobnet");
    // Cockpit's own diagram labels extract RUNNING, and a click on it offers what may be done to it
    browser.awaitText(By.cssSelector(".jobnet-diagram-state[data-element='extract']"), "RUNNING");
    browser.click("g.djs-element[data-element-id='extract']");
    browser.awaitText(By.cssSelector(".jobnet-diagram-actions[data-element='extract'] .jobnet-stop-job"), "Stop");
    browser.click(".jobnet-diagram-actions-close");
    assertThat(browser.findAll(".jobnet-diagram-actions")).isEmpty();

    // when
    browser.click(".jobnet-stop-run");
    browser.type(".jobnet-dialog-reason", "wrong input file delivered; run again tomorrow");
    browser.screenshot("f10-stop-jobnet-confirm");
    browser.click(".jobnet-dialog-confirm");

    // then
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "Run " + run + " is STOPPED. Jobs stopped: extract.");
    browser.screenshot("f10-stop-jobnet-result");
    awaitRunState(run, "STOPPED");
    assertThat(outcome(run)).isEqualTo("STOPPED");
    assertThat(task(run, "extract")).isNull();
    // and the operator stays on the run, which has ended: its page, with its diagram, shows what the stop did
    browser.click(".jobnet-dialog-close");
    browser.awaitText(By.cssSelector(".jobnet-run-summary"), "STOPPED");
    awaitDiagramState("extract", "STOPPED");
    awaitDiagramState("load", "SKIPPED");
    browser.screenshot("f10-stopped-run-page");
  }
  @Test
  void anOperatorHoldsAJobReleasesItAndSkipsAnotherFromTheRunPage() {
    // given: extract running on batch-6-a; load, report waiting
    String key = deploy("""
        jobnets:
          %s:
            name: Nightly sales
            jobs:
              extract: { run: /opt/batch/extract.sh, server: batch-6, next: load }
              load: { run: /opt/batch/load.sh, server: batch-6, next: report }
              report: { run: /opt/batch/report.sh, server: batch-6 }
        """);
    String run = start(key, "2026-11-28", Map.of("date", "2026-11-28"));
    keepReporting("batch-6-a", "batch-6");
    LockedExternalTask extract = startJob(run, "extract", "batch-6-a", 1, LOCK);
    browser.cockpit("#/jobnet-runs/" + run);
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='load'] .jobnet-reason"),
        "waiting for upstream extract (RUNNING)");

    // when: the operator holds load
    browser.click("tr.jobnet-node[data-element='load'] .jobnet-hold-node");
    browser.type(".jobnet-dialog-reason", "the warehouse is being reindexed until 03:00");
    browser.click(".jobnet-dialog-confirm");
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "load is ON_HOLD.");
    browser.click(".jobnet-dialog-close");

    // then: extract ends, load stays held and says by whom and why
    engine.getExternalTaskService().complete(extract.getId(), "batch-6-a");
    browser.click(".jobnet-refresh");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='load']"), "ON_HOLD");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='load'] .jobnet-reason"),
        "held by " + ADMIN + " since ");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='report'] .jobnet-reason"),
        "waiting for upstream load (ON_HOLD)");
    browser.screenshot("f23-job-on-hold");
    assertThat(task(run, "load")).as("no agent is offered the held job").isNull();

    // when: the operator skips report (a reason is required) and releases load
    browser.click("tr.jobnet-node[data-element='report'] .jobnet-skip-node");
    assertThat(browser.await(By.cssSelector(".jobnet-dialog-confirm")).isEnabled()).as("no reason, no skip").isFalse();
    browser.type(".jobnet-dialog-reason", "the report was sent by hand");
    browser.click(".jobnet-dialog-confirm");
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "report is SKIPPED.");
    browser.click(".jobnet-dialog-close");
    browser.click("tr.jobnet-node[data-element='load'] .jobnet-release-node");
    browser.click(".jobnet-dialog-confirm");
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "load is WAITING.");
    browser.click(".jobnet-dialog-close");

    // then: load is offered to the agents and runs; the run ends without report
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='load']"), "PENDING");
    browser.awaitText(By.cssSelector(".jobnet-operator-actions"), "the report was sent by hand");
    browser.screenshot("f23-released-and-skipped");
    engine.getExternalTaskService().complete(fetch(run, "load", "batch-6-a", LOCK).getId(), "batch-6-a");
    awaitRunState(run, "SUCCEEDED");
    assertThat(state(run, "report")).isEqualTo("SKIPPED");
  }

  @Test
  void theMorningAfterAFailedNightAnOperatorRerunsTheFailedJobAndWatchesTheJobnetSucceed() {
    // given: last night's run failed at load; report was skipped
    String key = deploy("""
        jobnets:
          %s:
            name: Nightly sales
            jobs:
              extract: { run: /opt/batch/extract.sh, server: batch-8, next: load }
              load: { run: /opt/batch/load.sh, server: batch-8, next: report }
              report: { run: /opt/batch/report.sh, server: batch-8 }
        """);
    String old = start(key, "2026-11-30", Map.of("date", "2026-11-30"));
    keepReporting("batch-8-a", "batch-8");
    engine.getExternalTaskService().complete(startJob(old, "extract", "batch-8-a", 1, LOCK).getId(), "batch-8-a");
    engine.getExternalTaskService().complete(startJob(old, "load", "batch-8-a", 1, LOCK).getId(), "batch-8-a", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 2"));
    awaitRunState(old, "FAILED");
    browser.cockpit("#/jobnet-runs/" + old);
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='load']"), "FAILED");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='report']"), "SKIPPED");
    // the diagram of the ended run shows the night at a glance
    awaitDiagramState("extract", "SUCCEEDED");
    awaitDiagramState("load", "FAILED");
    awaitDiagramState("report", "SKIPPED");
    browser.screenshot("f26-ended-run-diagram");
    assertThat(browser.findAll("tr.jobnet-node[data-element='extract'] .jobnet-rerun-node"))
        .as("a job that succeeded offers no rerun").isEmpty();

    // when: the operator, having fixed the cause, reruns load, from the diagram
    browser.click(".jobnet-run-diagram g.djs-element[data-element-id='load']");
    browser.awaitText(By.cssSelector(".jobnet-diagram-actions[data-element='load']"), "Mark succeeded");
    assertThat(browser.findAll(".jobnet-diagram-actions .jobnet-rerun-node")).hasSize(1);
    browser.screenshot("f27-diagram-actions");
    browser.click(".jobnet-diagram-actions .jobnet-rerun-node");
    browser.type(".jobnet-dialog-reason", "the warehouse disk was full; space freed");
    browser.screenshot("f24-rerun-confirm");
    browser.click(".jobnet-dialog-confirm");
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "carries on run " + old + ".");
    browser.click(".jobnet-dialog-close");

    // then: the page shows the new run, linked to the old one; load waits for an agent, extract did not run again
    browser.awaitText(By.cssSelector(".jobnet-rerun-links"), "This run reruns run " + old);
    String run = browser.await(By.cssSelector(".jobnet-run-id")).getText();
    assertThat(run).isNotEqualTo(old);
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "SUCCEEDED");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='load']"), "PENDING");
    browser.screenshot("f24-rerun-started");
    engine.getExternalTaskService().complete(startJob(run, "load", "batch-8-a", 2, LOCK).getId(), "batch-8-a");
    engine.getExternalTaskService().complete(startJob(run, "report", "batch-8-a", 1, LOCK).getId(), "batch-8-a");
    awaitRunState(run, "SUCCEEDED");
    browser.click(".jobnet-refresh");
    browser.awaitText(By.cssSelector(".jobnet-run-summary"), "SUCCEEDED");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='report']"), "SUCCEEDED");
    awaitDiagramState("load", "SUCCEEDED");
    awaitDiagramState("report", "SUCCEEDED");
    browser.screenshot("f24-rerun-succeeded");
    assertThat(outcome(run)).isEqualTo("SUCCEEDED");

    // and the old run points to the new one, and offers no second rerun
    browser.cockpit("#/jobnet-runs/" + old);
    browser.awaitText(By.cssSelector(".jobnet-rerun-links"), "Rerun as run " + run);
    assertThat(browser.findAll(".jobnet-rerun-node")).isEmpty();
  }

  @Test
  void theFirstScreenTellsTheNightsStoryAndTheJobnetsPageRerunsWhatFailed() {
    // given: a run that failed last night, and one that succeeded
    String key = deploy("""
        jobnets:
          %s:
            name: Nightly sales
            jobs:
              extract: { run: /opt/batch/extract.sh, server: batch-9, next: load }
              load: { run: /opt/batch/load.sh, server: batch-9 }
        """);
    keepReporting("batch-9-a", "batch-9");
    String failed = start(key, "2026-12-01", Map.of("date", "2026-12-01"));
    engine.getExternalTaskService().complete(startJob(failed, "extract", "batch-9-a", 1, LOCK).getId(), "batch-9-a");
    engine.getExternalTaskService().complete(startJob(failed, "load", "batch-9-a", 1, LOCK).getId(), "batch-9-a", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 2"));
    awaitRunState(failed, "FAILED");

    // then: the dashboard shows it without a click, with why
    browser.cockpit("#/dashboard");
    browser.awaitText(By.cssSelector(".jobnet-attention-run[data-run='" + failed + "']"),
        "FAILED: load FAILED (exit status 2)");
    browser.screenshot("f25-dashboard");

    // and the Jobnets page opens on what needs attention, the filter in its URL
    browser.cockpit("#/jobnets");
    browser.awaitText(By.cssSelector("tr.jobnet-run[data-run='" + failed + "'] .jobnet-attention"),
        "FAILED: load FAILED (exit status 2)");
    browser.type(".jobnet-filter-jobnet", key);
    browser.click(".jobnet-search");
    browser.until("the filter in the URL", d -> d.getCurrentUrl().contains("#/jobnets?state=attention&jobnet=" + key));
    browser.screenshot("f25-needs-attention");

    // when: the operator selects it and reruns it
    browser.click("tr.jobnet-run[data-run='" + failed + "'] .jobnet-select");
    browser.click(".jobnet-rerun-selected");
    browser.type(".jobnet-dialog-reason", "disk freed on the warehouse");
    browser.click(".jobnet-dialog-confirm");
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "1 of 1 run(s) rerun.");
    browser.click(".jobnet-dialog-close");

    // then: the old run no longer needs attention; the new one runs load alone
    browser.until("the rerun run gone from the attention list", d -> d.findElements(
        By.cssSelector("tr.jobnet-run[data-run='" + failed + "']")).isEmpty());
    String rerun = runTree(failed).get("rerunBy").asText();
    engine.getExternalTaskService().complete(startJob(rerun, "load", "batch-9-a", 2, LOCK).getId(), "batch-9-a");
    awaitRunState(rerun, "SUCCEEDED");
  }

  @Test
  void anOperatorHoldsAndReleasesAWholeRun() {
    String key = deploy(NIGHTLY.replace("batch-1", "batch-7"));
    String run = start(key, "2026-11-29", Map.of("date", "2026-11-29"));
    browser.cockpit("#/jobnet-runs/" + run);

    browser.click(".jobnet-hold-run");
    browser.type(".jobnet-dialog-reason", "database maintenance");
    browser.click(".jobnet-dialog-confirm");
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "Run " + run + " is ON_HOLD.");
    browser.click(".jobnet-dialog-close");
    browser.awaitText(By.cssSelector(".jobnet-run-summary"), "ON_HOLD");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract'] .jobnet-reason"),
        "its run is held by " + ADMIN);
    browser.screenshot("f23-run-on-hold");
    assertThat(task(run, "extract")).as("its PENDING job gave its task back").isNull();

    browser.click(".jobnet-release-run");
    browser.click(".jobnet-dialog-confirm");
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "Run " + run + " is RUNNING.");
    browser.click(".jobnet-dialog-close");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "PENDING");
    assertThat(task(run, "extract")).isNotNull();
  }

  @Test
  void theJobsTabShowsTheLiveLogOfARunningJobAndStopsIt() {
    // given: extract running on batch-3-a, writing output
    String key = deploy(NIGHTLY.replace("batch-1", "batch-3"));
    String run = start(key, "2026-11-25", Map.of("date", "2026-11-25"));
    keepReporting("batch-3-a", "batch-3");
    LockedExternalTask extract = startJob(run, "extract", "batch-3-a", 1, LOCK);
    String first = "extracting sales of 2026-11-25\nrows extracted: 1000\n";
    ship(extract, "stdout", 0, first);
    ship(extract, "stderr", 0, "warning: region apac has no rows yet\n");
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=jobnet.run.jobs");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "RUNNING");

    // when: the operator opens the log while the job writes more
    browser.click("tr.jobnet-node[data-element='extract'] .jobnet-log-button");
    browser.awaitText(By.cssSelector(".jobnet-log-stdout"), "rows extracted: 1000");
    ship(extract, "stdout", first.length(), "rows extracted: 2000\n");

    // then: the live tail shows it
    browser.awaitText(By.cssSelector(".jobnet-log-stdout"), "rows extracted: 2000");
    browser.awaitText(By.cssSelector(".jobnet-log-stderr"), "apac has no rows");
    browser.awaitText(By.cssSelector(".jobnet-log-status"), "live");
    browser.screenshot("f18-job-log-live");
    browser.click(".jobnet-dialog-close");

    // when: the operator stops the job
    browser.click("tr.jobnet-node[data-element='extract'] .jobnet-stop-job");
    browser.type(".jobnet-dialog-reason", "extract hangs on the apac partition");
    browser.screenshot("f9-stop-job-confirm");
    browser.click(".jobnet-dialog-confirm");

    // then: it is STOPPED, load is skipped, the jobnet fails; the Jobs tab shows who did it and why
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "Job extract is STOPPED.");
    browser.click(".jobnet-dialog-close");
    awaitState(run, "load", "SKIPPED");
    awaitRunState(run, "FAILED");
    browser.cockpit("#/jobnet-runs/" + run);
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "STOPPED");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='load']"), "SKIPPED");
    browser.awaitText(By.cssSelector(".jobnet-operator-actions"), "extract hangs on the apac partition");
    browser.screenshot("f9-job-stopped");
    assertThat(outcome(run)).isEqualTo("FAILED");
  }

  @Test
  void theLogShowsOneAttemptAtATimeTheCurrentOneFirstAndAnEmptyStreamIsNoError() {
    // given: extract failed in attempt 1 (stdout and stderr), attempt 2 runs and has written to stdout only
    String key = deploy(NIGHTLY.replace("batch-1", "batch-10"));
    String run = start(key, "2026-11-26", Map.of("date", "2026-11-26"));
    keepReporting("batch-10-a", "batch-10");
    LockedExternalTask first = startJob(run, "extract", "batch-10-a", 1, LOCK);
    ship(first, 1, "stdout", 0, "attempt 1 extracting\n");
    ship(first, 1, "stderr", 0, "attempt 1: connection refused\n");
    engine.getExternalTaskService().handleFailure(first.getId(), "batch-10-a", "exit status 1", null, 1, 0);
    LockedExternalTask second = fetchAgain(run, "extract", "batch-10-a");
    ResponseEntity<String> marker = post(agent(), "/jobnet-api/jobs/" + second.getId() + "/start",
        "{\"workerId\":\"batch-10-a\",\"attempt\":2}");
    assertThat(marker.getStatusCode().value()).as(marker.getBody()).isEqualTo(200);
    String out2 = "attempt 2 extracting\n";
    ship(second, 2, "stdout", 0, out2);
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=jobnet.run.jobs");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "RUNNING");
    browser.consoleErrors("");

    // when: the operator opens the log
    browser.click("tr.jobnet-node[data-element='extract'] .jobnet-log-button");

    // then: attempt 2, stdout and stderr of it only
    browser.awaitText(By.cssSelector(".jobnet-log-stdout"), "attempt 2 extracting");
    browser.awaitText(By.cssSelector(".jobnet-log-stderr"), "(nothing received)");
    browser.awaitText(By.cssSelector(".jobnet-log-attempt option:checked"), "attempt 2 (current)");
    assertThat(browser.findAll(".jobnet-log-stderr").get(0).getText()).doesNotContain("connection refused");
    browser.screenshot("job-log-attempts");

    // when: attempt 1 is picked
    browser.select(".jobnet-log-attempt", "1");

    // then: attempt 1's stdout and stderr, and it stays there while the live tail reads again
    browser.awaitText(By.cssSelector(".jobnet-log-stdout"), "attempt 1 extracting");
    browser.awaitText(By.cssSelector(".jobnet-log-stderr"), "attempt 1: connection refused");
    ship(second, 2, "stdout", out2.length(), "attempt 2 rows: 1000\n");
    browser.awaitText(By.cssSelector(".jobnet-log-attempt option[value='2']"), "42 bytes stdout");
    browser.awaitText(By.cssSelector(".jobnet-log-attempt option:checked"), "attempt 1");
    assertThat(browser.findAll(".jobnet-log-stdout").get(0).getText()).doesNotContain("attempt 2");

    // when: back to the current attempt, which writes on while the view reads it again (every 2 s)
    browser.select(".jobnet-log-attempt", "2");
    browser.awaitText(By.cssSelector(".jobnet-log-stdout"), "attempt 2 rows: 1000");
    ship(second, 2, "stdout", out2.length() + "attempt 2 rows: 1000\n".length(), "attempt 2 rows: 2000\n");
    browser.awaitText(By.cssSelector(".jobnet-log-stdout"), "attempt 2 rows: 2000");

    // then: the empty stderr of attempt 2, read at every turn, was never an error
    browser.awaitText(By.cssSelector(".jobnet-log-stderr"), "(nothing received)");
    assertThat(browser.consoleErrors("/jobnet-api/")).as("console errors of the log view").isEmpty();
    browser.click(".jobnet-dialog-close");
  }

  @Test
  void stoppingAJobThatJustFinishedShowsItsFinalStateAndTheFlowGoesOn() {
    // given: the operator is about to stop extract
    String key = deploy(NIGHTLY.replace("batch-1", "batch-8"));
    String run = start(key, "2026-11-28", Map.of());
    keepReporting("batch-8-a", "batch-8");
    LockedExternalTask extract = startJob(run, "extract", "batch-8-a", 1, LOCK);
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=jobnet.run.jobs");
    browser.click("tr.jobnet-node[data-element='extract'] .jobnet-stop-job");
    browser.type(".jobnet-dialog-reason", "looks hung");

    // when: its agent reports success just before the operator confirms (F11)
    engine.getExternalTaskService().complete(extract.getId(), "batch-8-a");
    browser.click(".jobnet-dialog-confirm");

    // then: the dialog says it had ended SUCCEEDED; nothing was stopped, the flow goes on
    browser.awaitText(By.cssSelector(".jobnet-result-error"), "extract of run " + run + " already ended SUCCEEDED");
    browser.screenshot("f11-stop-too-late");
    awaitState(run, "extract", "SUCCEEDED");
    await("load reached", Duration.ofSeconds(20), () -> task(run, "load") != null);
  }

  @Test
  void theJobnetsPageStopsSelectedAndAllRunningRunsAndRemovesFinishedOnes() {
    // given: three running runs, one finished
    String key = deploy(NIGHTLY.replace("batch-1", "batch-4"));
    String a = start(key, "a", Map.of("date", "2026-11-26", "region", "emea"));
    String b = start(key, "b", Map.of("date", "2026-11-26", "region", "apac"));
    String c = start(key, "c", Map.of("date", "2026-11-26", "region", "amer"));
    String done = start(key, "done", Map.of("date", "2026-11-25"));
    engine.getRuntimeService().deleteProcessInstance(done, "cancelled for the test");
    browser.cockpit("#/jobnets?state=running");
    browser.type(".jobnet-filter-jobnet", key);
    browser.click(".jobnet-search");
    browser.await(By.cssSelector("tr.jobnet-run[data-run='" + a + "']"));
    browser.click("tr.jobnet-run[data-run='" + a + "'] .jobnet-details");
    browser.awaitText(By.cssSelector(".jobnet-parameters"), "emea");
    browser.screenshot("jobnets-page");

    // when: stop the selected run a
    browser.click("tr.jobnet-run[data-run='" + a + "'] .jobnet-select");
    browser.click(".jobnet-stop-selected");
    browser.click(".jobnet-dialog-confirm");
    // then
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "1 of 1 run(s) stopped.");
    browser.click(".jobnet-dialog-close");
    awaitRunState(a, "STOPPED");
    assertThat(runState(b)).isEqualTo("RUNNING");

    // when: stop all running
    browser.click(".jobnet-stop-all");
    browser.awaitText(By.cssSelector(".jobnet-dialog-question"), "Stop every running run");
    browser.screenshot("jobnets-stop-all-confirm");
    browser.click(".jobnet-dialog-confirm");
    // then
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "running run(s) stopped.");
    browser.click(".jobnet-dialog-close");
    awaitRunState(b, "STOPPED");
    awaitRunState(c, "STOPPED");

    // when: remove the finished run "done"
    browser.select(".jobnet-filter-state", "finished");
    browser.click(".jobnet-search");
    browser.click("tr.jobnet-run[data-run='" + done + "'] .jobnet-select");
    browser.click(".jobnet-remove-selected");
    browser.type(".jobnet-dialog-reason", "a test run, cancelled");
    browser.click(".jobnet-dialog-confirm");
    // then
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "1 of 1 run(s) removed.");
    browser.screenshot("jobnets-remove-result");
    browser.click(".jobnet-dialog-close");
    await("run " + done + " removed", Duration.ofSeconds(10), () -> engine.getHistoryService()
        .createHistoricProcessInstanceQuery().processInstanceId(done).count() == 0);
    browser.until("run " + done + " gone from the list", d -> d.findElements(
        By.cssSelector("tr.jobnet-run[data-run='" + done + "']")).isEmpty());
    browser.awaitText(By.cssSelector("tr.jobnet-run[data-run='" + a + "']"), "STOPPED");
    // and the Events page tells who removed it and why
    browser.cockpit("#/jobnet-events?kind=RUN_REMOVED");
    browser.awaitText(By.cssSelector("tr.jobnet-event[data-kind='RUN_REMOVED']"),
        "run " + done + " of jobnet " + key + " removed by " + ADMIN + ": a test run, cancelled");
  }

  @Test
  void theSchedulesPageShowsEachScheduledJobnetsNextRunsInItsZone() {
    // given: a nightly jobnet on Tokyo's business days
    String key = deploy("""
        calendars:
          business-%1$s:
            weekdays: [MON, TUE, WED, THU, FRI]
        jobnets:
          %1$s:
            name: Nightly sales
            schedule:
              cron: "0 0 2 * * ?"
              timezone: Asia/Tokyo
              calendar: business-%1$s
              onClosedDay: next-open-day
            jobs:
              load: { run: /opt/batch/load.sh, server: batch-9 }
        """);

    // when
    browser.cockpit("#/jobnet-schedules");

    // then: its rules, its next runs at 02:00 Tokyo time, no tick yet
    By row = By.cssSelector("tr.jobnet-schedule[data-jobnet='" + key + "']");
    browser.awaitText(row, "Asia/Tokyo · calendar business-" + key + ", closed days: next-open-day");
    browser.awaitText(row, "T02:00:00+09:00");
    browser.awaitText(row, "no tick yet");
    browser.screenshot("f28-schedules");
  }

  @Test
  void theAgentsPageShowsWhoIsOnlineAndAJobWaitsForAnOfflineServer() {
    // given: batch-5-a keeps reporting; batch-6-a reported once and fell silent; a job for batch-6
    keepReporting("batch-5-a", "batch-5");
    heartbeat("batch-6-a", List.of("batch-6"), LOCK, List.of());
    String key = deploy(NIGHTLY.replace("batch-1", "batch-6"));
    String run = start(key, "2026-11-27", Map.of());
    await("batch-6-a offline", Duration.ofSeconds(20), () -> admin().getForEntity("/jobnet-api/agents", String.class)
        .getBody().matches("(?s).*\\{\"name\":\"batch-6-a\"[^}]*\"state\":\"OFFLINE\".*"));

    // when
    browser.cockpit("#/agents");

    // then
    browser.awaitText(By.cssSelector("tr.jobnet-agent[data-agent='batch-5-a']"), "ONLINE");
    browser.awaitText(By.cssSelector("tr.jobnet-agent[data-agent='batch-6-a']"), "OFFLINE");
    browser.screenshot("f14-agents");
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=jobnet.run.jobs");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"),
        "every agent of server 'batch-6' is offline");
    browser.screenshot("f14-job-waits-for-offline-server");
  }

  @Test
  void failedAndStuckJobsShowWhyInTheirOperatorsWords() {
    // given: three jobs side by side, as agents report them: a missing command (F13), a command killed
    // by someone else (F16), a process lost when its host restarted (F4)
    String key = deploy("""
        jobnets:
          %s:
            name: Month end
            jobs:
              prepare: { run: /opt/batch/prepare.sh, server: batch-7, next: [missing, killed, lost] }
              missing: { run: /opt/batch/missing.sh, server: batch-7, retry: 0 }
              killed: { run: /opt/batch/aggregate.sh, server: batch-7, retry: 0 }
              lost: { run: /opt/batch/archive.sh, server: batch-7 }
        """);
    String run = start(key, "2026-11", Map.of("month", "2026-11"));
    keepReporting("batch-7-a", "batch-7");
    engine.getExternalTaskService().complete(startJob(run, "prepare", "batch-7-a", 1, LOCK).getId(), "batch-7-a");
    LockedExternalTask missing = startJob(run, "missing", "batch-7-a", 1, LOCK);
    LockedExternalTask killed = startJob(run, "killed", "batch-7-a", 1, LOCK);
    LockedExternalTask lost = startJob(run, "lost", "batch-7-a", 1, LOCK);
    engine.getExternalTaskService().complete(missing.getId(), "batch-7-a", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON,
        "command not found: /opt/batch/missing.sh does not exist"));
    engine.getExternalTaskService().complete(killed.getId(), "batch-7-a", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON,
        "killed by signal 9 (SIGKILL) (attempt 1, no retries left)"));
    engine.getExternalTaskService().handleFailure(lost.getId(), "batch-7-a", "process lost when host restarted: agent"
        + " batch-7-a had started it at 2026-11-30T23:10:00Z; the outcome is unknown: mark it succeeded or failed, or"
        + " retry it", null, 0, 0);
    awaitState(run, "lost", "STUCK");

    // when
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=jobnet.run.jobs");

    // then
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='missing']"), "command not found");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='killed']"), "killed by signal 9");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='lost']"), "process lost when host restarted");
    browser.screenshot("f13-f16-f4-jobs-tab");
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=incidents-tab");
    browser.await(By.cssSelector(".jobnet-resolve[data-action='RETRY']"));
    browser.screenshot("f4-process-lost-incident");

    // when: retry the lost one
    browser.click(".jobnet-resolve[data-action='RETRY']");
    browser.type(".jobnet-dialog-reason", "archive.sh is idempotent");
    browser.click(".jobnet-dialog-confirm");

    // then: it is fetchable again, as its next attempt
    browser.awaitText(By.cssSelector(".jobnet-result-ok"), "Job lost of run " + run + " is now PENDING");
    browser.screenshot("f4-retry-result");
    assertThat(incident(run, "lost")).isNull();
  }

  @Test
  void theEventsPageShowsWhatHappenedInARunNewestFirstAndFiltersByKind() {
    // given: extract fails on batch-9-a, is retried, fails again with no retries left; load is skipped
    String key = deploy("""
        jobnets:
          %s:
            name: Daily stock
            jobs:
              extract: { run: /opt/batch/extract.sh, server: batch-9, retry: { retries: 1, backoff: 0s }, next: load }
              load: { run: /opt/batch/load.sh, server: batch-9 }
        """);
    String run = start(key, "2026-11-29", Map.of("date", "2026-11-29"));
    LockedExternalTask first = startJob(run, "extract", "batch-9-a", 1, LOCK);
    engine.getExternalTaskService().handleFailure(first.getId(), "batch-9-a", "exit status 3", "stderr: disk full",
        1, 0);
    LockedExternalTask second = fetchAgain(run, "extract", "batch-9-a");
    ResponseEntity<String> marker = post(agent(), "/jobnet-api/jobs/" + second.getId() + "/start",
        "{\"workerId\":\"batch-9-a\",\"attempt\":2}");
    assertThat(marker.getStatusCode().value()).as(marker.getBody()).isEqualTo(200);
    engine.getExternalTaskService().complete(second.getId(), "batch-9-a", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 4"));
    awaitRunState(run, "FAILED");

    // when: the operator follows "Events of this run" from the Run page
    browser.cockpit("#/jobnet-runs/" + run);
    browser.click(".jobnet-run-events");

    // then: the run's events, newest first, each linking to the run
    browser.awaitText(By.cssSelector("tr.jobnet-event[data-kind='JOB_FAILED']"),
        "extract FAILED (attempt 2, no retries left): exit status 4");
    browser.awaitText(By.cssSelector("tr.jobnet-event[data-kind='JOB_FAILED']"), "exit status 3");
    browser.awaitText(By.cssSelector("tr.jobnet-event[data-kind='JOB_RETRIED']"), "extract");
    browser.awaitText(By.cssSelector("tr.jobnet-event[data-kind='JOB_SKIPPED']"), "load");
    browser.awaitText(By.cssSelector("tr.jobnet-event[data-kind='JOB_STARTED']"), "batch-9-a");
    browser.awaitText(By.cssSelector("tr.jobnet-event[data-kind='JOBNET_STARTED']"), "jobnet " + key);
    List<WebElement> rows = browser.findAll("tr.jobnet-event");
    assertThat(rows.get(0).getAttribute("data-kind")).isEqualTo("JOBNET_ENDED");
    assertThat(rows.get(rows.size() - 1).getAttribute("data-kind")).isEqualTo("JOBNET_STARTED");
    assertThat(rows).allSatisfy(row -> assertThat(row.findElement(By.cssSelector(".jobnet-event-run"))
        .getAttribute("href")).endsWith("#/jobnet-runs/" + run));
    assertThat(browser.findAll(".jobnet-events-run").get(0).getAttribute("value"))
        .isEqualTo(run);
    browser.awaitText(By.cssSelector(".jobnet-page-info"), "of " + rows.size());
    browser.screenshot("events-page");

    // when: only the failures
    browser.select(".jobnet-events-kind", "JOB_FAILED");
    browser.click(".jobnet-events-search");

    // then: the two failed attempts, the last first
    browser.awaitText(By.cssSelector(".jobnet-page-info"), "1–2 of 2");
    browser.until("only JOB_FAILED events", d -> d.findElements(By.cssSelector("tr.jobnet-event")).stream()
        .allMatch(e -> "JOB_FAILED".equals(e.getAttribute("data-kind"))));
    List<WebElement> failures = browser.findAll("tr.jobnet-event");
    assertThat(failures).hasSize(2);
    assertThat(failures.get(0).getText()).contains("attempt 2, no retries left").contains("exit status 4");
    assertThat(failures.get(1).getText()).contains("attempt 1").contains("exit status 3");
    browser.screenshot("events-page-failures");
  }
}
