package dev.jobnet.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.Agents;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.protocol.Protocol;
import dev.jobnet.protocol.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Health and metrics over HTTP as a load balancer, a monitoring system and an operator see them: the
 * probes without credentials (status only, readiness UP while the mail server is down), everything
 * else for operators only, and {@code /actuator/prometheus} following a job from pending to running
 * to its end. The mail server is a closed port: Actuator's mail health is DOWN.
 */
@AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = {
    "jobnet.agent.user=" + HealthAndMetricsAppTest.AGENT,
    "jobnet.agent.password=" + HealthAndMetricsAppTest.AGENT_PASSWORD,
    "jobnet.monitoring.user=" + HealthAndMetricsAppTest.SCRAPER,
    "jobnet.monitoring.password=" + HealthAndMetricsAppTest.SCRAPER_PASSWORD,
    "jobnet.metrics.cache-for=PT0.1S",
    // the test's servers are served by no agent: their jobs must wait, not fail
    "jobnet.agents.unknown-server-grace=PT10M",
    "spring.mail.host=127.0.0.1",
    "spring.mail.port=1",
    "jobnet.notify.enabled=false"})
class HealthAndMetricsAppTest extends EngineAppTest {

  static final String AGENT = "metrics-agent";
  static final String AGENT_PASSWORD = "metrics-agent-secret";
  static final String SCRAPER = "metrics-scraper";
  static final String SCRAPER_PASSWORD = "metrics-scraper-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  TestRestTemplate rest;
  @Autowired
  ProcessEngine engine;

  private TestRestTemplate admin() {
    return rest.withBasicAuth(ADMIN, ADMIN_PASSWORD);
  }

  /** A monitoring system's user (jobnet-monitoring), as Prometheus scrapes. */
  private TestRestTemplate scraper() {
    return rest.withBasicAuth(SCRAPER, SCRAPER_PASSWORD);
  }

  private TestRestTemplate agent() {
    return rest.withBasicAuth(AGENT, AGENT_PASSWORD);
  }

  private static JsonNode json(ResponseEntity<String> answer) {
    try {
      return JSON.readTree(answer.getBody());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + answer.getBody(), e);
    }
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // health

  @Test
  void livenessAnswersAnyoneWithTheStatusOnly() {
    // when
    ResponseEntity<String> live = rest.getForEntity("/actuator/health/liveness", String.class);
    // then
    assertThat(live.getStatusCode().value()).as(live.getBody()).isEqualTo(200);
    assertThat(fields(json(live))).containsExactly("status");
    assertThat(json(live).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void readinessAnswersAnyoneWithTheStatusOnlyAndIsUpWhileTheMailServerIsDown() {
    // when
    ResponseEntity<String> ready = rest.getForEntity("/actuator/health/readiness", String.class);
    ResponseEntity<String> health = admin().getForEntity("/actuator/health", String.class);
    // then
    assertThat(ready.getStatusCode().value()).as(ready.getBody()).isEqualTo(200);
    assertThat(fields(json(ready))).containsExactly("status");
    assertThat(json(ready).get("status").asText()).isEqualTo("UP");
    assertThat(json(health).at("/components/mail/status").asText()).as(health.getBody()).isEqualTo("DOWN");
  }

  @Test
  void healthDetailsNeedAnOperator() {
    // when
    ResponseEntity<String> anonymous = rest.getForEntity("/actuator/health", String.class);
    ResponseEntity<String> asAgent = agent().getForEntity("/actuator/health", String.class);
    ResponseEntity<String> asAdmin = admin().getForEntity("/actuator/health", String.class);
    ResponseEntity<String> component = rest.getForEntity("/actuator/health/db", String.class);
    // then
    assertThat(anonymous.getStatusCode().value()).as(anonymous.getBody()).isEqualTo(401);
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Basic realm=\"jobnet\"");
    assertThat(json(anonymous).get("reason").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(component.getStatusCode().value()).as(component.getBody()).isEqualTo(401);
    assertThat(asAgent.getStatusCode().value()).as(asAgent.getBody()).isEqualTo(403);
    assertThat(json(asAgent).get("reason").asText()).isEqualTo("FORBIDDEN");
    // the mail server is down, so the whole is DOWN (503), with every component's details
    assertThat(asAdmin.getStatusCode().value()).as(asAdmin.getBody()).isEqualTo(503);
    JsonNode components = json(asAdmin).get("components");
    assertThat(components.at("/db/status").asText()).isEqualTo("UP");
    assertThat(components.at("/db/details/database").asText()).isNotEmpty();
    assertThat(components.at("/processEngine/status").asText()).isEqualTo("UP");
    assertThat(components.at("/jobExecutor/status").asText()).isEqualTo("UP");
    assertThat(components.at("/readinessState/status").asText()).isEqualTo("UP");
  }

  // metrics

  @Test
  void prometheusNeedsAnOperator() {
    // when
    ResponseEntity<String> anonymous = scrape(rest);
    ResponseEntity<String> asAgent = scrape(agent());
    ResponseEntity<String> asAdmin = scrape(admin());
    ResponseEntity<String> otherEndpoint = agent().getForEntity("/actuator/metrics", String.class);
    // then
    assertThat(anonymous.getStatusCode().value()).as(anonymous.getBody()).isEqualTo(401);
    assertThat(asAgent.getStatusCode().value()).as(asAgent.getBody()).isEqualTo(403);
    assertThat(otherEndpoint.getStatusCode().value()).as(otherEndpoint.getBody()).isEqualTo(403);
    assertThat(asAdmin.getStatusCode().value()).as(asAdmin.getBody()).isEqualTo(200);
    Samples samples = Samples.of(asAdmin.getBody());
    for (String state : List.of("pending", "sent", "no_recipient", "gave_up")) {
      assertThat(samples.value("jobnet_outbox_mails", Map.of("state", state))).as("outbox " + state).isPresent();
    }
    for (String state : List.of("SUCCEEDED", "FAILED", "STOPPED", "SKIPPED")) {
      assertThat(samples.value("jobnet_jobs_ended_total", Map.of("state", state))).as("ended " + state).isPresent();
    }
    assertThat(samples.value("jobnet_agents", Map.of("state", "offline"))).isPresent();
  }

  @Test
  void requestsAreTimedWithoutATimerPerRequestInFlight() {
    // given: a request to the engine REST API
    assertThat(admin().getForEntity("/engine-rest/engine", String.class).getStatusCode().value()).isEqualTo(200);
    // when
    Samples samples = Samples.of(scrape(admin()).getBody());
    // then: timed by method and status, with no in-flight timer started and stopped at each request
    assertThat(samples.value("http_server_requests_seconds_count", Map.of("method", "GET", "status", "200")))
        .as(samples.lines("http_server_requests_seconds_count").toString()).isPresent();
    assertThat(samples.samples()).as("in-flight request timers")
        .noneMatch(sample -> sample.name().startsWith("http_server_requests_active"));
  }

  @Test
  void aMonitoringSystemReadsHealthDetailsAndMetricsAndNothingElse() {
    // given: a deployed jobnet the monitoring user must not see
    JobnetDeployment.deploy(engine, null, """
        jobnets:
          metrics-hidden-%s:
            jobs:
              only: echo hello
        """.formatted(UUID.randomUUID().toString().substring(0, 8)));
    // when
    ResponseEntity<String> metrics = scrape(scraper());
    ResponseEntity<String> health = scraper().getForEntity("/actuator/health", String.class);
    ResponseEntity<String> runs = scraper().getForEntity("/jobnet-api/runs", String.class);
    ResponseEntity<String> definitions = scraper().getForEntity("/engine-rest/process-definition/count", String.class);
    ResponseEntity<String> asAdmin = admin().getForEntity("/engine-rest/process-definition/count", String.class);
    // then
    assertThat(metrics.getStatusCode().value()).as(metrics.getBody()).isEqualTo(200);
    assertThat(Samples.of(metrics.getBody()).value("jobnet_agents", Map.of("state", "online"))).isPresent();
    assertThat(json(health).at("/components/db/status").asText()).as(health.getBody()).isEqualTo("UP");
    assertThat(runs.getStatusCode().value()).as(runs.getBody()).isEqualTo(403);
    assertThat(json(asAdmin).get("count").asInt()).as("definitions an operator sees").isPositive();
    assertThat(definitions.getStatusCode().value()).as(definitions.getBody()).isEqualTo(200);
    assertThat(json(definitions).get("count").asInt()).as("definitions the monitoring user sees").isZero();
  }

  @Test
  void anAgentsServerShowsWithZeroJobsAndTheAgentCountsOnline() {
    // given
    String server = "metrics-idle-" + UUID.randomUUID().toString().substring(0, 8);
    // when
    ResponseEntity<String> beat = post(agent(), "/jobnet-api/agents/" + server + "-agent/heartbeat",
        "{\"servers\":[\"" + server + "\"],\"capacity\":1,\"heartbeatMillis\":1000,\"lockMillis\":60000,"
            + "\"running\":[]}");
    // then
    assertThat(beat.getStatusCode().value()).as(beat.getBody()).isEqualTo(200);
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "pending"), 0.0);
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "running"), 0.0);
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "stuck"), 0.0);
    assertThat(Samples.of(scrape(admin()).getBody()).value("jobnet_agents", Map.of("state", "online")).orElse(0.0))
        .as("agents online").isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void aJobShowsPendingThenRunningAndItsEndIsCounted() {
    // given
    String server = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    String run = startOneJobOn(server);
    Samples before = Samples.of(scrape(admin()).getBody());
    double succeeded = before.value("jobnet_jobs_ended_total", Map.of("state", "SUCCEEDED")).orElse(0.0);
    double durations = before.value("jobnet_job_duration_seconds_count", Map.of("state", "SUCCEEDED")).orElse(0.0);
    double latencies = before.value("jobnet_start_latency_seconds_count", Map.of()).orElse(0.0);

    // then: waiting for an agent
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "pending"), 1.0);
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "running"), 0.0);

    // when: an agent fetches it and places its start marker
    LockedExternalTask task = fetch(server, run, "worker-1");
    ResponseEntity<String> started = post(agent(), "/jobnet-api/jobs/" + task.getId() + "/start",
        "{\"workerId\":\"worker-1\",\"attempt\":1}");
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    // then
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "running"), 1.0);
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "pending"), 0.0);
    awaitSample("jobnet_start_latency_seconds_count", Map.of(), latencies + 1);

    // when: it succeeds
    engine.getExternalTaskService().complete(task.getId(), "worker-1");
    Agents.awaitEnded(engine, run);
    // then
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "running"), 0.0);
    awaitSample("jobnet_jobs_ended_total", Map.of("state", "SUCCEEDED"), succeeded + 1);
    awaitSample("jobnet_job_duration_seconds_count", Map.of("state", "SUCCEEDED"), durations + 1);
  }

  @Test
  void aJobWithoutRetriesLeftShowsStuck() {
    // given
    String server = "metrics-stuck-" + UUID.randomUUID().toString().substring(0, 8);
    String run = startOneJobOn(server);
    LockedExternalTask task = fetch(server, run, "worker-2");
    // when: its agent gives up on it (a failedExternalTask incident: STUCK)
    engine.getExternalTaskService().handleFailure(task.getId(), "worker-2", "lost", 0, 0);
    // then
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "stuck"), 1.0);
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "running"), 0.0);
    awaitSample("jobnet_jobs", Map.of("server", server, "state", "pending"), 0.0);
  }

  // helpers

  /** Deploys and starts a jobnet of one job on {@code server}; the run's id. */
  private String startOneJobOn(String server) {
    String key = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, """
        jobnets:
          %s:
            jobs:
              only: { run: echo hello, server: %s }
        """.formatted(key, server));
    return engine.getRuntimeService().startProcessInstanceByKey(key).getId();
  }

  /** Fetches the job of {@code run} on {@code server} as {@code worker}, waiting until it is fetchable. */
  private LockedExternalTask fetch(String server, String run, String worker) {
    LockedExternalTask[] found = new LockedExternalTask[1];
    Agents.await("the job of run " + run + " to become fetchable on " + server, () -> {
      for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(10, worker)
          .topic(Topics.of(server), 600_000).execute()) {
        if (t.getProcessInstanceId().equals(run)) {
          found[0] = t;
        }
      }
      return found[0] != null;
    }, () -> engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run).list().toString());
    return found[0];
  }

  private ResponseEntity<String> scrape(TestRestTemplate as) {
    HttpHeaders headers = new HttpHeaders();
    headers.setAccept(List.of(MediaType.TEXT_PLAIN));
    return as.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }

  private static ResponseEntity<String> post(TestRestTemplate as, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION));
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
  }

  /** Scrapes until the sample has the value (at most 20 s); fails with what the last scrape showed. */
  private void awaitSample(String name, Map<String, String> labels, double expected) {
    String[] last = new String[1];
    Agents.await(name + labels + " = " + expected, () -> {
      last[0] = scrape(scraper()).getBody();
      return Samples.of(last[0]).value(name, labels).orElse(Double.NaN) == expected;
    }, () -> Samples.of(last[0]).lines(name).toString());
  }

  /** The samples of a Prometheus text exposition. */
  record Samples(List<Sample> samples) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value, String line) {}

    static Samples of(String text) {
      List<Sample> samples = new ArrayList<>();
      for (String line : (text == null ? "" : text).split("\n")) {
        Matcher m = LINE.matcher(line);
        if (line.startsWith("#") || !m.find()) {
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.add(new Sample(m.group(1), labels, number(m.group(3)), line));
      }
      return new Samples(samples);
    }

    private static double number(String text) {
      return switch (text) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(text);
      };
    }

    /** The value of the sample with this name whose labels include {@code labels}. */
    OptionalDouble value(String name, Map<String, String> labels) {
      return samples.stream()
          .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
          .mapToDouble(Sample::value).findFirst();
    }

    List<String> lines(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).map(Sample::line).toList();
    }
  }
}
