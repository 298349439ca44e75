package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.engine.EngineGateway.LockState;
import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.agent.http.AgentSecrets;
import dev.jobnet.agent.job.Preflight;
import dev.jobnet.agent.journal.ForcedWrites;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.agent.process.ProcessLauncher;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Http jobs on the agent against a real HTTP server as the backend (the JDK's), with a fake engine:
 * the request as sent (placeholders filled in, {@code Idempotency-Key}), and what each answer makes of
 * the attempt.
 */
class HttpJobRunnerTest {

  @TempDir
  Path work;

  private final RecordingEngine engine = new RecordingEngine();
  private HttpServer backend;
  /** The requests the backend got: method, path, Idempotency-Key, Authorization, body. */
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  /** The backend's next answers: status, optional Retry-After, body; the last one repeats. */
  private final Deque<String[]> answers = new ArrayDeque<>();
  /** Holds every answer until counted down (a slow backend). */
  private volatile CountDownLatch hold = new CountDownLatch(0);

  @BeforeEach
  void startBackend() throws IOException {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext("/", this::handle);
    backend.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    backend.start();
  }

  @AfterEach
  void stopBackend() {
    hold.countDown();
    backend.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    Map<String, String> r = new HashMap<>();
    r.put("method", x.getRequestMethod());
    r.put("path", x.getRequestURI().toString());
    r.put("key", x.getRequestHeaders().getFirst("Idempotency-Key"));
    r.put("authorization", String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
    r.put("contentType", String.valueOf(x.getRequestHeaders().getFirst("Content-Type")));
    r.put("body", new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(r);
    try {
      hold.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String[] a;
    synchronized (answers) {
      a = answers.size() > 1 ? answers.poll() : answers.peek();
    }
    if (a == null) {
      a = new String[] {"200", null, "{\"ok\":true}"};
    }
    if (a[1] != null) {
      x.getResponseHeaders().add("Retry-After", a[1]);
    }
    byte[] body = a[2].getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(Integer.parseInt(a[0]), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
    x.close();
  }

  private void answer(String status, String retryAfter, String body) {
    answers.add(new String[] {status, retryAfter, body});
  }

  private String url(String path) {
    return "http://127.0.0.1:" + backend.getAddress().getPort() + path;
  }

  private JobRunner runner(Map<String, String> environment) {
    return runner(environment, new Journal(work));
  }

  private JobRunner runner(Map<String, String> environment, Journal journal) {
    AgentConfig config = new AgentConfig("http://127.0.0.1:1/engine-rest", null, null, "agent-a", List.of("default"),
        1, work, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofMillis(500), List.of());
    return new JobRunner(config, engine, journal, new ProcessLauncher(),
        new Preflight(Preflight.systemPath(), List.of()), new Reporter(engine, journal), Clock.systemUTC(),
        RandomGenerator.getDefault(), Map.of(), AgentSecrets.of(environment));
  }

  private JobRunner runner() {
    return runner(Map.of("JOBNET_SECRET_VIDEO_API_TOKEN", "s3cr3t-token"));
  }

  private static FetchedTask task(Map<String, String> more) {
    Map<String, String> props = new HashMap<>(Map.of(BpmnProperties.RETRIES, "5", BpmnProperties.BACKOFF, "PT7S",
        BpmnProperties.JITTER, "0", BpmnProperties.HTTP_METHOD, "POST"));
    props.putAll(more);
    return new FetchedTask("t1", Topics.of("default"), "encode", "ai-1", "pi-1", null, null, props,
        Map.of("videoId", "v-42", ProcessVariables.FULL_ANCESTOR_IDS, "root-1;pi-1"));
  }

  private FetchedTask encode(String path, boolean callback) {
    Map<String, String> props = new HashMap<>(Map.of(
        BpmnProperties.HTTP_URL, url(path),
        BpmnProperties.HTTP_HEADER_PREFIX + "Authorization", "Bearer ${secret:video-api-token}",
        BpmnProperties.HTTP_BODY, "{\"video\":\"${param:videoId}\",\"sizes\":[320,640]}"));
    if (callback) {
      props.put(BpmnProperties.HTTP_CALLBACK, "true");
    }
    return task(props);
  }

  private List<String> reports() {
    return engine.calls.stream().filter(c -> c.startsWith("complete") || c.startsWith("failure")).toList();
  }

  @Test
  void a2xxSucceedsAndTheRequestCarriesItsKeyItsSecretAndItsParameters() throws Exception {
    answer("202", null, "{\"accepted\":true}");

    runner().run(encode("/api/encode?video=${param:videoId}", false), new JobRunner.Handle());

    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r).containsEntry("method", "POST").containsEntry("path", "/api/encode?video=v-42")
          .containsEntry("key", "ai-1:1").containsEntry("authorization", "Bearer s3cr3t-token")
          .containsEntry("contentType", "application/json")
          .containsEntry("body", "{\"video\":\"v-42\",\"sizes\":[320,640]}");
    });
    assertThat(reports()).containsExactly("complete t1 {}");
    assertThat(engine.calls).anyMatch(c -> c.startsWith("output t1 stdout 0+"));
    assertThat(String.join("\n", engine.calls)).doesNotContain("s3cr3t-token");
  }

  @Test
  void theClaimOfAnHttpJobIsOnDiskBeforeItsRequestIsSent() {
    // given: the claim is what a restarted agent gives back (to send again with the same key)
    ForcedWrites disk = new ForcedWrites(work);
    List<List<String>> forcedWhenSent = new CopyOnWriteArrayList<>();
    answer("200", null, "{}");
    hold = new CountDownLatch(1);
    Thread watcher = new Thread(() -> {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (requests.isEmpty() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
      }
      forcedWhenSent.add(disk.forced());
      hold.countDown();
    });
    watcher.start();

    runner(Map.of("JOBNET_SECRET_VIDEO_API_TOKEN", "t"), new Journal(work, disk)).run(encode("/api/encode", false),
        new JobRunner.Handle());

    assertThat(forcedWhenSent).singleElement().asList().containsExactly("CLAIMED", "dir jobs/t1", "dir jobs");
    assertThat(reports()).containsExactly("complete t1 {}");
  }

  @Test
  void a5xxIsRetriedPerThePolicyWithTheStatusAndTheBodyAsReason() {
    answer("500", null, "database is down");

    runner().run(encode("/api/encode", false), new JobRunner.Handle());

    assertThat(reports()).singleElement().asString().startsWith("failure t1 'POST " + url("/api/encode")
        + " answered 500: database is down").endsWith("retries=5 in=7000");
  }

  @Test
  void retryAfterIsHonouredButNeverShortensThePolicysWait() {
    answer("503", "120", "busy");

    runner().run(encode("/api/encode", false), new JobRunner.Handle());

    assertThat(reports()).singleElement().asString().contains("answered 503: busy").endsWith("in=120000");
  }

  @Test
  void a429AndA408AreRetriedAndA400FailsAtOnce() {
    answer("429", "1", "slow down");
    runner().run(encode("/a", false), new JobRunner.Handle());
    answer("400", null, "{\"error\":\"no such video\"}");
    answers.poll();
    runner().run(encode("/b", false), new JobRunner.Handle());

    assertThat(reports()).hasSize(2);
    assertThat(reports().get(0)).startsWith("failure t1").contains("answered 429").endsWith("in=7000");
    assertThat(reports().get(1)).startsWith("complete t1").contains("jobnetResult=FAILED")
        .contains("answered 400: {\"error\":\"no such video\"} (not retried: sending it again cannot help)");
  }

  @Test
  void aBackendThatCannotBeReachedIsRetried() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    runner().run(task(Map.of(BpmnProperties.HTTP_URL, "http://127.0.0.1:" + closed + "/x")), new JobRunner.Handle());

    assertThat(reports()).singleElement().asString().startsWith("failure t1 'POST http://127.0.0.1:" + closed
        + "/x: cannot connect").endsWith("retries=5 in=7000");
  }

  @Test
  void noAnswerWithinTheTimeoutFailsTheJobWithoutRetry() {
    hold = new CountDownLatch(1);

    runner().run(task(Map.of(BpmnProperties.HTTP_URL, url("/slow"), BpmnProperties.TIMEOUT, "PT1S")),
        new JobRunner.Handle());

    assertThat(reports()).singleElement().asString().startsWith("complete t1").contains("jobnetResult=FAILED")
        .contains("timed out after PT1S");
  }

  @Test
  void aMissingSecretOrParameterFailsTheJobSayingWhereToSetIt() {
    runner(Map.of()).run(encode("/api/encode", false), new JobRunner.Handle());
    runner().run(task(Map.of(BpmnProperties.HTTP_URL, url("/v/${param:nope}"))), new JobRunner.Handle());

    assertThat(requests).isEmpty();
    assertThat(reports()).hasSize(2);
    assertThat(reports().get(0)).contains("jobnetResult=FAILED").contains("secret 'video-api-token' is not configured"
        + " on this agent: set the environment variable JOBNET_SECRET_VIDEO_API_TOKEN");
    assertThat(reports().get(1)).contains("start parameter 'nope' is not set");
  }

  @Test
  void aSecretThatMakesTheRequestInvalidIsNeverRepeatedInTheReason() {
    JobRunner agent = runner(Map.of("JOBNET_SECRET_TOKEN", "line one\nsecret-line-two", "JOBNET_SECRET_HOST",
        "bad host with spaces"));

    agent.run(task(Map.of(BpmnProperties.HTTP_URL, "http://${secret:host}/x")), new JobRunner.Handle());
    agent.run(task(Map.of(BpmnProperties.HTTP_URL, url("/x"), BpmnProperties.HTTP_HEADER_PREFIX + "X-Token",
        "${secret:token}")), new JobRunner.Handle());

    assertThat(requests).isEmpty();
    assertThat(reports()).hasSize(2).allSatisfy(r -> assertThat(r).contains("jobnetResult=FAILED")
        .doesNotContain("secret-line-two").doesNotContain("bad host with spaces").doesNotContain("bad%20host"));
    assertThat(reports().get(0)).contains("the URL http://${secret:host}/x is no URL once its pieces are filled in");
    assertThat(reports().get(1)).contains("header X-Token is no header once its pieces are filled in");
  }

  @Test
  void aCallbackJobSendsItsCallbackUrlAndIsHandedOverToTheEngineOnA2xx() throws Exception {
    answer("202", null, "");

    runner().run(encode("/api/encode", true), new JobRunner.Handle());

    assertThat(requests).singleElement().satisfies(r -> assertThat(r.get("body")).isEqualTo(
        "{\"jobnet\":{\"jobId\":\"ai-1\",\"runId\":\"root-1\",\"attempt\":1,\"callbackUrl\":"
            + "\"http://engine.test/jobnet-api/callbacks/token-1\"},\"video\":\"v-42\",\"sizes\":[320,640]}"));
    assertThat(engine.calls).containsSubsequence("marker t1 1", "callback t1 1", "await-callback t1 1");
    assertThat(reports()).as("the engine reports the job once the backend has").isEmpty();
    assertThat(new Journal(work).all()).isEmpty();
  }

  @Test
  void aCallbackJobWhoseBackendRefusesTheRequestFailsAsWithoutCallback() {
    answer("500", null, "cannot take it now");

    runner().run(encode("/api/encode", true), new JobRunner.Handle());

    assertThat(engine.calls).doesNotContain("await-callback t1 1");
    assertThat(reports()).singleElement().asString().startsWith("failure t1").contains("answered 500");
  }

  @Test
  void aJobStoppedWhileItsRequestIsOutIsAbandonedAndNotReported() {
    hold = new CountDownLatch(1);
    engine.lockAnswer = LockState.LOST;

    runner().run(encode("/api/encode", false), new JobRunner.Handle());

    assertThat(reports()).isEmpty();
    assertThat(new Journal(work).all()).isEmpty();
  }

  @Test
  void aStoppingAgentGivesItsRequestBackToBeSentAgainAsTheSameAttempt() throws Exception {
    hold = new CountDownLatch(1);
    JobRunner.Handle handle = new JobRunner.Handle();
    Thread stopper = new Thread(() -> {
      while (requests.isEmpty()) {
        Thread.onSpinWait();
      }
      handle.interrupt();
    });
    stopper.start();

    runner().run(encode("/api/encode", false), handle);

    stopper.join();
    assertThat(reports()).isEmpty();
    assertThat(new Journal(work).all()).singleElement().satisfies(r -> {
      assertThat(r.phase()).isEqualTo(dev.jobnet.agent.journal.JobPhase.CLAIMED);
      assertThat(r.attempt()).isEqualTo(1);
    });
  }
}
