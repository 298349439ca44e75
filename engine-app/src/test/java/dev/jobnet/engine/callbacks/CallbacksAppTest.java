package dev.jobnet.engine.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import dev.jobnet.testing.SettableClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The callbacks of http jobs in the engine app: an attempt's callback URL, the hand-over, and what the
 * backend's results make of the job (ok, fail with and without retries left, a second callback, a late
 * one, a forged token, no result within the timeout, a force-stop while waiting).
 */
@TestPropertySource(properties = {"jobnet.callbacks.interval=PT1H", "jobnet.schedules.enabled=false"})
class CallbacksAppTest extends OperatorTestBase {

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @Primary
    Clock settableClock() {
      return new SettableClock(Instant.now());
    }
  }

  private static final String HTTP_JOB = """
      jobnets:
        %%s:
          jobs:
            encode:
              http: { url: "https://video.internal/encode", body: { video: "v-1" }, callback: true }
              timeout: %s
              retry: { retries: %d, backoff: 1s }
              next: after
            after: echo after
      """;

  private static final String WORKER = "agent-w";

  @Autowired
  Callbacks callbacks;
  @Autowired
  Clock clock;

  private SettableClock settable() {
    return (SettableClock) clock;
  }

  /** A run of an http job with callback: true, its job started by {@link #WORKER} (attempt 1). */
  private String run(String timeout, int retries) {
    return start(deploy(HTTP_JOB.formatted(timeout, retries)));
  }

  private String register(String taskId, int attempt) {
    ResponseEntity<String> r = post(agent(), "/jobnet-api/jobs/" + taskId + "/callback",
        "{\"workerId\":\"" + WORKER + "\",\"attempt\":" + attempt + "}");
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return json(r.getBody()).get("callbackUrl").asText();
  }

  private ResponseEntity<String> handOver(String taskId, int attempt) {
    return post(agent(), "/jobnet-api/jobs/" + taskId + "/callback/wait",
        "{\"workerId\":\"" + WORKER + "\",\"attempt\":" + attempt + "}");
  }

  /** The backend's call: no credentials, only the URL. */
  private ResponseEntity<String> callback(String url, String json) {
    return post(rest, URI.create(url).getPath(), json);
  }

  private String waiting(String run, int attempt) {
    LockedExternalTask t = startJob(run, "encode", WORKER, attempt, 60_000);
    String url = register(t.getId(), attempt);
    ResponseEntity<String> r = handOver(t.getId(), attempt);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(json(r.getBody()).get("state").asText()).isEqualTo("WAITING");
    return url;
  }

  @Test
  void theCallbackUrlIsUnguessableTheSameForTheSameAttemptAndTheEngineHoldsTheJobOnceHandedOver() {
    String run = run("2h", 5);
    LockedExternalTask t = startJob(run, "encode", WORKER, 1, 60_000);

    String url = register(t.getId(), 1);
    String again = register(t.getId(), 1);
    ResponseEntity<String> r = handOver(t.getId(), 1);

    assertThat(url).startsWith("http://localhost:").contains("/jobnet-api/callbacks/").isEqualTo(again);
    assertThat(url.substring(url.lastIndexOf('/') + 1)).hasSize(43);
    assertThat(json(r.getBody()).get("state").asText()).isEqualTo("WAITING");
    ExternalTask held = task(run, "encode");
    assertThat(held.getWorkerId()).isEqualTo(Callbacks.ENGINE_WORKER);
    assertThat(state(run, "encode")).isEqualTo("RUNNING");
    assertThat(post(rest.withBasicAuth("nobody", "x"), "/jobnet-api/jobs/" + t.getId() + "/callback",
        "{\"workerId\":\"" + WORKER + "\",\"attempt\":1}").getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void anOkCallbackSucceedsTheJobAndASecondOneGetsTheSameAnswer() {
    String run = run("2h", 5);
    String url = waiting(run, 1);

    ResponseEntity<String> first = callback(url, "{\"result\": \"ok\"}");
    ResponseEntity<String> second = callback(url, "{\"result\": \"fail\", \"message\": \"changed my mind\"}");

    assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(200);
    assertThat(json(first.getBody()).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(second.getStatusCode().value()).isEqualTo(200);
    assertThat(json(second.getBody()).get("state").asText()).isEqualTo("SUCCEEDED");
    awaitState(run, "encode", "SUCCEEDED");
    assertThat(task(run, "after")).as("the next job is ready").isNotNull();
  }

  @Test
  void aFailCallbackIsAFailedAttemptRetriedPerThePolicyAndALateCallbackForItGets409() {
    String run = run("2h", 2);
    String url = waiting(run, 1);

    ResponseEntity<String> fail = callback(url, "{\"result\": \"fail\", \"message\": \"encoder crashed\"}");

    assertThat(json(fail.getBody()).get("state").asText()).isEqualTo("RETRYING");
    ExternalTask retried = task(run, "encode");
    assertThat(retried.getRetries()).as("the runs left: attempt 2 and 3").isEqualTo(2);
    assertThat(retried.getErrorMessage()).isEqualTo("the backend reported fail: encoder crashed");
    // the next attempt (after its backoff) gets a URL of its own
    await("attempt 2 fetchable", Duration.ofSeconds(20), () -> task(run, "encode").getLockExpirationTime()
        .toInstant().isBefore(Instant.now()));
    ExternalTask t = task(run, "encode");
    assertThat(engine.getExternalTaskService().fetchAndLock(50, WORKER).topic(t.getTopicName(), 60_000)
        .processDefinitionId(t.getProcessDefinitionId()).execute()).extracting(LockedExternalTask::getId)
        .contains(t.getId());
    assertThat(post(agent(), "/jobnet-api/jobs/" + t.getId() + "/start", "{\"workerId\":\"" + WORKER
        + "\",\"attempt\":2}").getStatusCode().value()).isEqualTo(200);
    String second = register(t.getId(), 2);
    assertThat(json(handOver(t.getId(), 2).getBody()).get("state").asText()).isEqualTo("WAITING");
    assertThat(second).isNotEqualTo(url);
    assertThat(json(callback(url, "{\"result\": \"fail\"}").getBody()).get("state").asText())
        .as("the first attempt's result stays what it was").isEqualTo("RETRYING");
    ResponseEntity<String> ok = callback(second, "{\"result\": \"ok\"}");
    assertThat(json(ok.getBody()).get("state").asText()).isEqualTo("SUCCEEDED");
    awaitState(run, "encode", "SUCCEEDED");
  }

  @Test
  void aFailCallbackOfTheLastAttemptFailsTheJob() {
    String run = run("2h", 0);
    String url = waiting(run, 1);

    ResponseEntity<String> fail = callback(url, "{\"result\": \"fail\", \"message\": \"no such video\"}");

    assertThat(json(fail.getBody()).get("state").asText()).isEqualTo("FAILED");
    awaitState(run, "encode", "FAILED");
    assertThat(node(run, "encode").path("reason").asText()).contains("the backend reported fail: no such video");
    awaitRunState(run, "FAILED");
  }

  @Test
  void aForgedTokenIsNotFoundAndABadBodyIsRefused() {
    String run = run("2h", 5);
    String url = waiting(run, 1);

    ResponseEntity<String> forged = callback(url.substring(0, url.lastIndexOf('/') + 1) + "forged-token",
        "{\"result\": \"ok\"}");
    ResponseEntity<String> bad = callback(url, "{\"result\": \"done\"}");

    assertThat(forged.getStatusCode().value()).isEqualTo(404);
    assertThat(bad.getStatusCode().value()).isEqualTo(400);
    assertThat(json(bad.getBody()).get("detail").asText()).contains("{\"result\": \"ok\"}");
    assertThat(state(run, "encode")).isEqualTo("RUNNING");
  }

  @Test
  void noResultWithinTheTimeoutFailsTheJobWithoutRetryAndALateCallbackGets409() {
    String run = run("2h", 5);
    String url = waiting(run, 1);

    settable().advance(Duration.ofHours(2).plusSeconds(1));
    callbacks.sweep();

    awaitState(run, "encode", "FAILED");
    assertThat(node(run, "encode").path("reason").asText()).contains("no result from the backend within 2h");
    ResponseEntity<String> late = callback(url, "{\"result\": \"ok\"}");
    assertThat(late.getStatusCode().value()).as(late.getBody()).isEqualTo(409);
    assertThat(json(late.getBody()).get("reason").asText()).isEqualTo("NOT_CURRENT");
  }

  @Test
  void aJobForceStoppedWhileWaitingEndsStoppedAndItsLateCallbackGets409() {
    String run = run("2h", 5);
    String url = waiting(run, 1);

    ResponseEntity<String> stop = post(admin(), "/jobnet-api/runs/" + run + "/nodes/encode/stop", "{}");
    assertThat(stop.getStatusCode().is2xxSuccessful()).as(stop.getBody()).isTrue();
    awaitState(run, "encode", "STOPPED");

    ResponseEntity<String> late = callback(url, "{\"result\": \"ok\"}");
    assertThat(late.getStatusCode().value()).as(late.getBody()).isEqualTo(409);
    assertThat(state(run, "encode")).isEqualTo("STOPPED");
  }

  @Test
  void callbacksAreForgottenAMonthAfterTheyWereDecidedOrRegisteredWithoutAHandOver() {
    // given: an attempt decided by its callback, and one whose backend refused the request (never handed over)
    String decidedRun = run("2h", 5);
    String decided = waiting(decidedRun, 1);
    callback(decided, "{\"result\": \"ok\"}");
    String refusedRun = run("2h", 5);
    String refused = register(startJob(refusedRun, "encode", WORKER, 1, 60_000).getId(), 1);

    // when: a day later both are kept; a month later the sweeper forgets them
    settable().advance(Duration.ofDays(1));
    callbacks.sweep();
    assertThat(callback(decided, "{\"result\": \"ok\"}").getStatusCode().value()).isEqualTo(200);
    settable().advance(Callbacks.KEPT);
    callbacks.sweep();

    // then
    assertThat(callback(decided, "{\"result\": \"ok\"}").getStatusCode().value()).isEqualTo(404);
    assertThat(callback(refused, "{\"result\": \"ok\"}").getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void aCallbackBeforeTheHandOverIsTakenAndTheHandOverSaysSo() {
    String run = run("2h", 5);
    LockedExternalTask t = startJob(run, "encode", WORKER, 1, 60_000);
    String url = register(t.getId(), 1);

    ResponseEntity<String> ok = callback(url, "{\"result\": \"ok\"}");
    ResponseEntity<String> handedOver = handOver(t.getId(), 1);

    assertThat(json(ok.getBody()).get("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode state = json(handedOver.getBody());
    assertThat(state.get("state").asText()).isEqualTo("SUCCEEDED");
    awaitState(run, "encode", "SUCCEEDED");
  }
}
