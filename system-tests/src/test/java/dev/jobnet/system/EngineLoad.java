package dev.jobnet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load on the engine app as its users bring it, for the throughput and burst benchmarks and tests:
 * many starts of a root jobnet at once over the engine REST API from a few concurrent clients (HTTP
 * 1.1, the administrator's Basic authentication, each start timed), the finished runs read back from
 * the history, and rows of the system's database counted over JDBC.
 */
final class EngineLoad {

  /** Camunda's REST date format. */
  private static final DateTimeFormatter REST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  /** Camunda's runtime tables and ours that hold a row only while a run, task or job is alive. */
  static final List<String> RUNTIME_TABLES = List.of("act_ru_execution", "act_ru_variable", "act_ru_ext_task",
      "act_ru_job", "act_ru_task", "act_ru_incident", "act_ru_event_subscr", "act_ru_identitylink",
      "act_ru_authorization", "jobnet_running_key", "jobnet_stuck", "jobnet_start_marker");

  /** Tables that grow with every run (history and our per-run records): rows written per job. */
  static final List<String> HISTORY_TABLES = List.of("act_hi_procinst", "act_hi_actinst", "act_hi_varinst",
      "act_hi_detail", "act_hi_ext_task_log", "act_hi_op_log", "act_hi_incident", "act_hi_identitylink",
      "act_ge_bytearray", "jobnet_node_state", "jobnet_event", "jobnet_job_log", "jobnet_job_log_chunk",
      "jobnet_mail_outbox");

  /** One start: the process instance, when its request was sent (epoch ms), how long it took to answer. */
  record Start(String id, long sentAtMillis, double latencyMillis) {}

  private final String base;
  /** Where starts go, in turn: the system's engine app, and the other nodes of a cluster. */
  private final List<String> startBases;
  private final String databaseUrl;
  private final String authorization = JobnetSystem.basicAuthorization(JobnetSystem.ADMIN, JobnetSystem.ADMIN_PASSWORD);
  private final String agentAuthorization =
      JobnetSystem.basicAuthorization(JobnetSystem.AGENT_USER, JobnetSystem.AGENT_PASSWORD);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();

  EngineLoad(JobnetSystem system) {
    this(system, List.of());
  }

  /** The same, its starts spread in turn over the system's engine app and {@code otherNodes} (a cluster). */
  EngineLoad(JobnetSystem system, List<JobnetSystem.EngineNode> otherNodes) {
    String url = system.engineUrl();
    this.base = url.substring(0, url.length() - "/engine-rest".length());
    List<String> bases = new ArrayList<>(List.of(base));
    otherNodes.forEach(n -> bases.add(n.base()));
    this.startBases = List.copyOf(bases);
    this.databaseUrl = system.databaseUrl();
  }

  /**
   * Starts {@code count} runs of the root jobnet (or plain process) {@code key} from {@code clients}
   * threads, each sending its next start as soon as its last one was answered. Fails on the first
   * refused start.
   */
  List<Start> start(String key, int count, int clients) throws InterruptedException {
    List<Start> starts = Collections.synchronizedList(new ArrayList<>(count));
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<HttpRequest> requests = startBases.stream().map(b -> HttpRequest.newBuilder(URI.create(b
        + "/engine-rest/process-definition/key/" + key + "/start")).header("Content-Type", "application/json")
        .header("Authorization", authorization).timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofString("{\"variables\":{}}")).build()).toList();
    for (int c = 0; c < clients; c++) {
      pool.execute(() -> {
        int n;
        while (failure.get() == null && (n = next.getAndIncrement()) < count) {
          HttpRequest request = requests.get(n % requests.size());
          try {
            long sent = System.currentTimeMillis();
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
              throw new AssertionError("start of " + key + ": " + r.statusCode() + " " + r.body());
            }
            starts.add(new Start(json.readTree(r.body()).get("id").asText(), sent, ms));
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(2, TimeUnit.HOURS)) {
      pool.shutdownNow();
      throw new AssertionError("starts of " + key + " did not end within 2 hours");
    }
    if (failure.get() != null) {
      throw new AssertionError("a start of " + key + " failed after " + starts.size() + " starts: "
          + failure.get(), failure.get());
    }
    return new ArrayList<>(starts);
  }

  /** How many instances of the definition have ended (history). */
  long finished(String key) {
    return get("/engine-rest/history/process-instance/count?finished=true&processDefinitionKey=" + enc(key))
        .get("count").asLong();
  }

  /**
   * Waits until {@code count} instances of the definition have ended, polling every 2 s (the figures
   * take the last end from the history, not from this wait). It polls the running instances (a runtime
   * table, as small as the work in flight) and counts the ended ones in the history only when none
   * runs: counting the history every half second cost PostgreSQL more per poll the longer a benchmark
   * ran (21 ms by the end of a burst), and that CPU was charged to the jobs.
   */
  void awaitFinished(String key, long count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (count("/engine-rest/process-instance/count?processDefinitionKey=" + enc(key)) == 0 && finished(key) >= count) {
        return;
      }
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("after " + timeout + " only " + finished(key) + " of " + count + " instances of " + key
        + " have ended");
  }

  /** When the last instance of the definition ended (epoch ms, the engine's clock: the same machine). */
  long lastEnd(String key) {
    JsonNode list = get("/engine-rest/history/process-instance?finished=true&processDefinitionKey=" + enc(key)
        + "&sortBy=endTime&sortOrder=desc&firstResult=0&maxResults=1");
    return OffsetDateTime.parse(list.get(0).get("endTime").asText(), REST_DATE).toInstant().toEpochMilli();
  }

  /** A count from the engine REST API, e.g. {@code /engine-rest/external-task/count}. */
  long count(String path) {
    return get(path).get("count").asLong();
  }

  JsonNode get(String path) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * A POST as the system's agent user ({@link JobnetSystem#AGENT_USER}, a member of {@code jobnet-agents}),
   * whose calls to the external task API the engine app runs as the engine, without authorization checks,
   * as it runs a worker agent's: how B3's plain client fetches and completes on the agent's terms.
   */
  HttpResponse<String> postAsAgent(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), agentAuthorization);
  }

  /** Deploys BPMN files as they are (no conversion): {@code name -> XML}. */
  void deployBpmn(String deploymentName, Map<String, String> files) {
    String boundary = "----bench" + UUID.randomUUID();
    StringBuilder b = new StringBuilder();
    b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n")
        .append(deploymentName).append("\r\n");
    files.forEach((name, xml) -> b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
        .append(name).append("\"; filename=\"").append(name).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .append(xml).append("\r\n"));
    b.append("--").append(boundary).append("--\r\n");
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/engine-rest/deployment/create"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(b.toString().getBytes(StandardCharsets.UTF_8))));
    if (r.statusCode() != 200) {
      throw new AssertionError("deployment failed: " + r.statusCode() + " " + r.body());
    }
  }

  HttpResponse<String> send(HttpRequest.Builder b) {
    return send(b, authorization);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String asWhom) {
    try {
      return http.send(b.header("Authorization", asWhom).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("engine app not reachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Rows of each table now (a table that does not exist counts -1). */
  Map<String, Long> rows(List<String> tables) {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(databaseUrl, PgDatabase.USER, PgDatabase.PASSWORD)) {
      for (String t : tables) {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + t)) {
          r.next();
          rows.put(t, r.getLong(1));
        } catch (SQLException e) {
          rows.put(t, -1L);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count rows: " + e, e);
    }
    return rows;
  }

  /** The outcomes ({@code jobnetOutcome}) of the ended runs of a root jobnet, counted: SUCCEEDED -> n. */
  Map<String, Long> outcomes(String key) {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(databaseUrl, PgDatabase.USER, PgDatabase.PASSWORD);
        PreparedStatement s = c.prepareStatement("SELECT text_, count(*) FROM act_hi_varinst"
            + " WHERE name_ = 'jobnetOutcome' AND proc_def_key_ = ? GROUP BY text_ ORDER BY text_")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          outcomes.put(String.valueOf(r.getString(1)), r.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read outcomes: " + e, e);
    }
    return outcomes;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
