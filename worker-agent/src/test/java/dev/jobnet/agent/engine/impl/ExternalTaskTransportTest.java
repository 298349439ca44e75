package dev.jobnet.agent.engine.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.EngineGateway.Delivery;
import dev.jobnet.agent.engine.EngineGateway.LockState;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.protocol.FetchHeaders;
import dev.jobnet.protocol.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The external task calls, made by Camunda's external task client, against a server answering as
 * the engine's REST API does (its status codes and error bodies: {@code type} and {@code message}).
 */
class ExternalTaskTransportTest {

  private static final String LOCKED = "[{\"id\":\"t-1\",\"topicName\":\"jobnet.default\",\"activityId\":\"load\","
      + "\"activityInstanceId\":\"load:ai-1\",\"processInstanceId\":\"pi-1\",\"businessKey\":\"order-7\","
      + "\"retries\":3,\"workerId\":\"batch-1\",\"lockExpirationTime\":\"2026-12-05T10:00:00.000+0000\","
      + "\"variables\":{\"file\":{\"type\":\"String\",\"value\":\"a.csv\",\"valueInfo\":{}},"
      + "\"count\":{\"type\":\"Integer\",\"value\":7,\"valueInfo\":{}},"
      + "\"nothing\":{\"type\":\"Null\",\"value\":null,\"valueInfo\":{}}},"
      + "\"extensionProperties\":{\"jobnet.command\":\"load.sh\"}}]";

  private final EngineStub engine;
  private final ExternalTaskTransport tasks;
  private final List<FetchedTask> givenBack = new java.util.concurrent.CopyOnWriteArrayList<>();

  ExternalTaskTransportTest() throws Exception {
    engine = new EngineStub();
    tasks = new ExternalTaskTransport(new EngineHttp(engine.restUrl(), "agent", "secret"), "batch-1",
        Duration.ofSeconds(1), 4, givenBack::add);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Test
  void aFetchAsksForNoMoreThanTheFreeSlotsWithPropertiesAndReadsEachJob() {
    engine.on("/engine-rest/external-task/fetchAndLock", 200, LOCKED);
    List<FetchedTask> fetched = tasks.fetch(3, List.of("jobnet.default"), Duration.ofSeconds(30));
    assertThat(engine.last().body()).contains("\"workerId\":\"batch-1\"").contains("\"maxTasks\":3")
        .contains("\"topicName\":\"jobnet.default\"").contains("\"lockDuration\":30000")
        .contains("\"includeExtensionProperties\":true");
    // the jobs that waited longest first (no priorities: their index lets the engine stop at maxTasks)
    assertThat(engine.last().body()).contains("\"usePriority\":false")
        .contains("{\"sortBy\":\"createTime\",\"sortOrder\":\"asc\"}").doesNotContain("desc");
    assertThat(engine.last().header(Protocol.HEADER)).isEqualTo(Integer.toString(Protocol.VERSION));
    assertThat(engine.last().header("Authorization")).startsWith("Basic ");
    assertThat(fetched).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo("t-1");
      assertThat(t.activityId()).isEqualTo("load");
      assertThat(t.processInstanceId()).isEqualTo("pi-1");
      assertThat(t.retries()).isEqualTo(3);
      assertThat(t.properties()).containsEntry("jobnet.command", "load.sh");
      assertThat(t.variables()).containsOnly(Map.entry("file", "a.csv"), Map.entry("count", "7"));
    });
  }

  @Test
  void eachFetchNamesItselfAndTheWorkerAndReadsTheAttemptItsMarkerWasWrittenFor() {
    engine.on("/engine-rest/external-task/fetchAndLock", 200, LOCKED.replace("\"count\":",
        "\"jobnetStartMarked\":{\"type\":\"Integer\",\"value\":2,\"valueInfo\":{}},\"count\":"));
    FetchedTask first = tasks.fetch(1, List.of("jobnet.default"), Duration.ofSeconds(30)).get(0);
    String firstName = engine.last().header(FetchHeaders.FETCH);
    assertThat(FetchHeaders.isName(firstName)).as(firstName).isTrue();
    assertThat(engine.last().header(FetchHeaders.WORKER)).isEqualTo("batch-1");
    assertThat(engine.last().header(FetchHeaders.LOST)).isNull();
    assertThat(first.markedAttempt()).contains(2);
    tasks.fetch(1, List.of("jobnet.default"), Duration.ofSeconds(30));
    assertThat(engine.last().header(FetchHeaders.FETCH)).isNotEqualTo(firstName);
    // other calls carry no names
    engine.on("/engine-rest/external-task/t-1/unlock", 204, "");
    tasks.unlock("t-1");
    assertThat(engine.last().header(FetchHeaders.FETCH)).isNull();
  }

  @Test
  void aFetchWhoseAnswerNeverCameIsNamedByTheNextOneUntilTheEngineAnswers() {
    engine.on("/engine-rest/external-task/fetchAndLock", 500,
        "{\"type\":\"ProcessEngineException\",\"message\":\"database down\"}");
    assertThatThrownBy(() -> tasks.fetch(1, List.of("jobnet.default"), Duration.ofSeconds(30)))
        .isInstanceOf(EngineUnavailableException.class);
    String lost1 = engine.last().header(FetchHeaders.FETCH);
    assertThatThrownBy(() -> tasks.fetch(1, List.of("jobnet.default"), Duration.ofSeconds(30)))
        .isInstanceOf(EngineUnavailableException.class);
    String lost2 = engine.last().header(FetchHeaders.FETCH);
    assertThat(engine.last().header(FetchHeaders.LOST)).isEqualTo(lost1);
    assertThat(tasks.lostFetches()).containsExactly(lost1, lost2);

    engine.on("/engine-rest/external-task/fetchAndLock", 200, "[]");
    tasks.fetch(1, List.of("jobnet.default"), Duration.ofSeconds(30));
    assertThat(engine.last().header(FetchHeaders.LOST)).isEqualTo(lost1 + "," + lost2);
    assertThat(tasks.lostFetches()).isEmpty();
    tasks.fetch(1, List.of("jobnet.default"), Duration.ofSeconds(30));
    assertThat(engine.last().header(FetchHeaders.LOST)).isNull();
  }

  @Test
  void onlyTheLatestLostFetchesAreNamed() {
    engine.on("/engine-rest/external-task/fetchAndLock", 500,
        "{\"type\":\"ProcessEngineException\",\"message\":\"database down\"}");
    for (int i = 0; i < FetchHeaders.MAX_LOST + 3; i++) {
      assertThatThrownBy(() -> tasks.fetch(1, List.of("jobnet.default"), Duration.ofSeconds(30)))
          .isInstanceOf(EngineUnavailableException.class);
    }
    assertThat(tasks.lostFetches()).hasSize(FetchHeaders.MAX_LOST).last().isEqualTo(engine.last().header(FetchHeaders.FETCH));
  }

  @Test
  void afterTheStopAFetchReturnsNothingAndTheEngineIsToldToDropTheWaitingOne() {
    engine.on("/engine-rest/external-task/fetchAndLock", 200, "[]");
    tasks.stopFetching();
    assertThat(engine.last().body()).contains(ExternalTaskTransport.NO_JOBS_TOPIC).contains("\"batch-1\"");
    int seen = engine.requests.size();
    assertThat(tasks.fetch(3, List.of("jobnet.default"), Duration.ofSeconds(30))).isEmpty();
    assertThat(engine.requests).hasSize(seen);
  }

  @Test
  void aFetchThatReachedTheEngineAfterTheStopsFirstWordIsEndedByTheStopSentAgain() throws Exception {
    // the engine kept the agent's long poll: the first fetch that should end it arrived before it did
    engine.holdFetchesUntilStops(2);
    var fetch = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> tasks.fetch(3, List.of("jobnet.default"), Duration.ofSeconds(30)));
    assertThat(engine.awaitHeldFetch(Duration.ofSeconds(10))).as("the fetch waits in the engine").isTrue();

    tasks.stopFetching();

    // the stop does not return while the engine still holds a fetch that could lock jobs for nobody
    assertThat(engine.stopsReceived()).isEqualTo(2);
    assertThat(engine.heldFetches()).as("fetches still waiting in the engine").isZero();
    assertThat(fetch.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aStopWithNoFetchWaitingSaysSoOnce() {
    engine.on("/engine-rest/external-task/fetchAndLock", 200, "[]");
    tasks.stopFetching();
    assertThat(engine.stopsReceived()).isEqualTo(1);
  }

  @Test
  void eachAnswerToAReportMeansItsOwnNextStep() {
    engine.on("/engine-rest/external-task/ok/complete", 204, "")
        .on("/engine-rest/external-task/gone/complete", 404,
            "{\"type\":\"RestException\",\"message\":\"External task with id gone does not exist\"}")
        .on("/engine-rest/external-task/collided/complete", 500,
            "{\"type\":\"OptimisticLockingException\",\"message\":\"ENGINE-03005 Execution of 'UPDATE ...' failed\"}")
        .on("/engine-rest/external-task/refused/complete", 403,
            "{\"type\":\"AuthorizationException\",\"message\":\"no\"}")
        .on("/engine-rest/external-task/broken/complete", 500,
            "{\"type\":\"ProcessEngineException\",\"message\":\"database down\"}");
    assertThat(tasks.complete("ok", Map.of())).isEqualTo(Delivery.ACCEPTED);
    assertThat(tasks.complete("gone", Map.of())).isEqualTo(Delivery.NOT_WANTED);
    assertThat(tasks.complete("collided", Map.of())).isEqualTo(Delivery.RETRY);
    assertThatThrownBy(() -> tasks.complete("refused", Map.of())).isInstanceOf(AccessRefusedException.class);
    assertThatThrownBy(() -> tasks.complete("broken", Map.of())).isInstanceOf(EngineUnavailableException.class);
  }

  @Test
  void asManyReportsAsTheAgentHasSlotsReachTheEngineAtOnce() throws Exception {
    // given: an agent of 8 slots, whose jobs all end at once
    int capacity = 8;
    ExternalTaskTransport wide = new ExternalTaskTransport(new EngineHttp(engine.restUrl(), "agent", "secret"),
        "batch-1", Duration.ofSeconds(1), capacity, givenBack::add);
    assertThat(wide.connectionLimit()).as("a connection per slot, the long poll's and the stop's")
        .isEqualTo(capacity + 2);
    engine.on("/engine-rest/external-task/", 204, "").gatherUntilConcurrent("/complete", capacity);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(capacity);
    try {
      List<java.util.concurrent.Future<Delivery>> reports = new java.util.ArrayList<>();
      for (int i = 0; i < capacity; i++) {
        String id = "t-" + i;
        reports.add(pool.submit(() -> wide.complete(id, Map.of())));
      }
      for (var report : reports) {
        assertThat(report.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Delivery.ACCEPTED);
      }
    } finally {
      pool.shutdownNow();
    }
    // then: the engine had all eight at once (Camunda's client alone keeps 5 connections per client)
    assertThat(engine.mostGatheredAtOnce()).isEqualTo(capacity);
  }

  @Test
  void aFailureReportCarriesTheRetriesLeftAndTheWait() {
    engine.on("/engine-rest/external-task/t-1/failure", 204, "");
    assertThat(tasks.failure("t-1", "exit status 3 (attempt 1)", "--- end of stderr ---", 4, Duration.ofSeconds(10)))
        .isEqualTo(Delivery.ACCEPTED);
    assertThat(engine.last().body()).contains("\"retries\":4").contains("\"retryTimeout\":10000")
        .contains("\"errorMessage\":\"exit status 3 (attempt 1)\"").contains("\"workerId\":\"batch-1\"");
  }

  @Test
  void aHeartbeatHoldsTheLockOrSaysTheJobIsNoLongerOurs() {
    engine.on("/engine-rest/external-task/held/extendLock", 204, "")
        .on("/engine-rest/external-task/gone/extendLock", 404, "{\"type\":\"RestException\",\"message\":\"gone\"}")
        .on("/engine-rest/external-task/taken/extendLock", 400,
            "{\"type\":\"BadUserRequestException\",\"message\":\"The workerId batch-1 does not match\"}")
        .on("/engine-rest/external-task/expired/extendLock", 400,
            "{\"type\":\"BadUserRequestException\",\"message\":\"Cannot extend a lock that expired\"}")
        .on("/engine-rest/external-task/expired/lock", 204, "");
    assertThat(tasks.extendLock("held", Duration.ofSeconds(30))).isEqualTo(LockState.HELD);
    assertThat(tasks.extendLock("gone", Duration.ofSeconds(30))).isEqualTo(LockState.LOST);
    assertThat(tasks.extendLock("taken", Duration.ofSeconds(30))).isEqualTo(LockState.LOST);
    // a lock that ran out while nobody took the job is taken again
    assertThat(tasks.extendLock("expired", Duration.ofSeconds(30))).isEqualTo(LockState.HELD);
    assertThat(engine.last().path()).isEqualTo("/engine-rest/external-task/expired/lock");
  }

  @Test
  void theRetriesOfAJobAreReadOrItIsGone() {
    engine.on("/engine-rest/external-task/t-1", 200, "{\"id\":\"t-1\",\"retries\":2}")
        .on("/engine-rest/external-task/t-2", 200, "{\"id\":\"t-2\",\"retries\":null}")
        .on("/engine-rest/external-task/t-3", 404, "{\"type\":\"RestException\",\"message\":\"gone\"}");
    assertThat(tasks.retriesOf("t-1")).contains(2);
    assertThat(tasks.retriesOf("t-2")).isEqualTo(Optional.empty());
    assertThat(tasks.retriesOf("t-3")).isNull();
  }
}
