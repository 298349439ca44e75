package dev.jobnet.engine.cockpit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.OperatorTestBase;
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

  /** An agent that keeps reporting to the registry (every 500 ms) the jobs of the given runs it holds. */
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

  /** The agent ships output of a job, as it does at each heartbeat. */
  private void ship(LockedExternalTask task, String stream, long offset, String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    ResponseEntity<String> r = agent().exchange("/jobnet-api/jobs/" + task.getId() + "/output/" + stream
        + "?attempt=1&offset=" + offset, HttpMethod.POST,
        new HttpEntity<>(text.getBytes(StandardCharsets.UTF_8), headers), String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
  }

  private String outcome(String run) {
    return (String) engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName("jobnetOutcome").singleResult().getValue();
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
    browser.clickAndAwaitReload(".jobnet-dialog-close");
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
  void anOperatorStopsARunningJobnetFromItsPage() {
    // given: extract running on batch-2-a, which keeps reporting
    String key = deploy(NIGHTLY.replace("batch-1", "batch-2"));
    String run = start(key, "2026-11-24", Map.of("date", "2026-11-24"));
    keepReporting("batch-2-a", "batch-2");
    startJob(run, "extract", "batch-2-a", 1, LOCK);
    browser.cockpit("#/process-instance/" + run + "/runtime?tab=jobnet.run.jobs");
    browser.awaitText(By.cssSelector("tr.jobnet-node[data-element='extract']"), "RUNNING");
    browser.screenshot("f10-running-jobnet");

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
  }
}
