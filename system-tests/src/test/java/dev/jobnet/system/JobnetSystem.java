package dev.jobnet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.agent.process.ProcessGroups;
import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.testing.FreePorts;
import dev.jobnet.testing.PgServer;
import dev.jobnet.testing.TcpProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole system as operators run it: the engine app as its own JVM on a PostgreSQL database of
 * its own, worker agents as their own JVMs, talking over HTTP. Tests deploy jobnets, start runs and
 * read outcomes through the REST APIs, and kill or restart the processes.
 */
final class JobnetSystem implements AutoCloseable {

  static final String ADMIN = "sys-admin";
  static final String ADMIN_PASSWORD = "sys-admin-secret";
  static final String AGENT_USER = "sys-agent";
  static final String AGENT_PASSWORD = "sys-agent-secret";

  final Path dir;
  private final PgServer ownServer;
  private final PgDatabase db;
  private final int port = FreePorts.any();
  private JavaProcess engine;
  private final Map<String, String> engineEnvironment;
  private final TcpProxy databaseLink;
  private final List<JavaProcess> agents = new ArrayList<>();
  private final List<EngineNode> nodes = new ArrayList<>();
  private final List<TcpProxy> links = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private MailBox mail;

  JobnetSystem(Path dir) throws IOException {
    this(dir, false);
  }

  /** With {@code databaseBehindLink}, the engine reaches PostgreSQL through a link the test can cut. */
  JobnetSystem(Path dir, boolean databaseBehindLink) throws IOException {
    this(dir, databaseBehindLink, TEST_WATCHDOG);
  }

  /**
   * The watchdog for the tests' agents (heartbeat 1 s, lock 6 s): an agent silent for 3 s is offline;
   * a server no agent has served for 20 s fails its jobs (agents of a test start before its runs).
   */
  static final Map<String, String> TEST_WATCHDOG = Map.of("JOBNET_AGENTS_OFFLINE_AFTER", "PT3S",
      "JOBNET_AGENTS_WATCHDOG_INTERVAL", "PT0.5S", "JOBNET_AGENTS_UNKNOWN_SERVER_GRACE", "PT20S");

  /** With {@code engineSettings}: more environment for the engine app (e.g. its defaults for benchmarks: none). */
  JobnetSystem(Path dir, boolean databaseBehindLink, Map<String, String> engineSettings) throws IOException {
    this(dir, databaseBehindLink, engineSettings, null);
  }

  /**
   * With {@code ownServer}: the engine app's database lives on a PostgreSQL server of the test's own,
   * which the test may stop and start ({@link #databaseServer()}); closed with this system.
   */
  JobnetSystem(Path dir, boolean databaseBehindLink, Map<String, String> engineSettings, PgServer ownServer)
      throws IOException {
    this.dir = dir;
    this.ownServer = ownServer;
    this.db = ownServer == null ? new PgDatabase() : new PgDatabase(ownServer.serverUrl(), "postgres", "");
    Map<String, String> env = new HashMap<>(engineSettings);
    if (databaseBehindLink) {
      URI pg = URI.create(db.url().substring("jdbc:".length()));
      databaseLink = new TcpProxy(pg.getHost(), pg.getPort());
      env.put("JOBNET_DB_URL", "jdbc:postgresql://127.0.0.1:" + databaseLink.port() + pg.getPath());
    } else {
      databaseLink = null;
      env.put("JOBNET_DB_URL", db.url());
    }
    env.put("JOBNET_DB_USER", db.user);
    env.put("JOBNET_DB_PASSWORD", db.password);
    env.put("JOBNET_PORT", Integer.toString(port));
    env.put("JOBNET_DATA_DIR", dir.resolve("engine-data").toString());
    env.put("JOBNET_ADMIN_USER", ADMIN);
    env.put("JOBNET_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("JOBNET_AGENT_USER", AGENT_USER);
    env.put("JOBNET_AGENT_PASSWORD", AGENT_PASSWORD);
    env.putIfAbsent("JOBNET_DEFINITIONS", dir.resolve("no-definitions").toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    engineEnvironment = Map.copyOf(env);
    try {
      startEngine();
    } catch (IOException | RuntimeException | Error e) {
      // nobody gets this system to close: leave no engine process, database or link behind
      try {
        close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The PostgreSQL server of the test's own the engine app's database lives on (F6 stops it). */
  PgServer databaseServer() {
    if (ownServer == null) {
      throw new IllegalStateException("this system's database is on the shared server:"
          + " @SystemUnderTest(ownDatabaseServer = true)");
    }
    return ownServer;
  }

  /** The JDBC URL of the system's own database (benchmarks count rows in it). */
  String databaseUrl() {
    return db.url();
  }

  /** The name of the system's own database (benchmarks tell its server processes from others'). */
  String databaseName() {
    return db.name;
  }

  /** The process id of the engine app's JVM (benchmarks read its CPU time and heap). */
  long enginePid() {
    return engine.pid();
  }

  /** The link between the engine app and its database, when the system was made with one. */
  TcpProxy databaseLink() {
    return databaseLink;
  }

  /** Whether the engine app's process runs. */
  boolean engineRuns() {
    return engine.isAlive();
  }

  /** Stops the engine app with SIGTERM and waits until it has ended. */
  void stopEngine() throws InterruptedException {
    engine.terminate(Duration.ofSeconds(60));
  }

  /** Starts the engine app (again) on the same database and port, and waits until it is ready. */
  void startEngine() throws IOException {
    engine = new JavaProcess("engine app", BuiltJars.engine(Path.of(System.getProperty("jobnet.engine.jar"))),
        engineJvmOptions(), engineEnvironment,
        engineLog());
    engine.start();
    awaitReady("the engine app at port " + port, engine, engineLog(), base());
  }

  /** Waits until the engine app {@code process} answers ready at {@code base}; fails at once when it ends. */
  private void awaitReady(String what, JavaProcess process, Path log, String base) {
    Await.until(what + " to be ready (log: " + log + ")", Duration.ofSeconds(120), () -> {
      if (!process.isAlive()) {
        throw new AssertionError(what + " ended: " + tail(log));
      }
      return ready(base) ? Optional.of(true) : Optional.empty();
    });
  }

  /**
   * Another node of a cluster (issue 13): an engine app JVM on the same database as the first, with a
   * port, a data directory and a log of its own. Closed with the system unless the test closes it first.
   */
  static final class EngineNode implements AutoCloseable {

    private final int port;
    private final Path log;
    private final JavaProcess process;

    private EngineNode(int port, Path log, JavaProcess process) {
      this.port = port;
      this.log = log;
      this.process = process;
    }

    /** The node's log (standard output and error), {@code engine-<name>.log} beside the engine app's. */
    Path log() {
      return log;
    }

    /** The node's Camunda REST URL, for an agent's {@code JOBNET_ENGINE_URL}. */
    String engineUrl() {
      return base() + "/engine-rest";
    }

    /** The node's address, without a path: where its {@code /engine-rest} and {@code /jobnet-api} are. */
    String base() {
      return "http://127.0.0.1:" + port;
    }

    /** The node's process id (benchmarks read its CPU time). */
    long pid() {
      return process.pid();
    }

    /** Whether the node's process runs. */
    boolean isAlive() {
      return process.isAlive();
    }

    /** SIGKILL: the node dies as on a crash, without a word to the database or its agents. */
    void kill() throws InterruptedException {
      process.kill();
    }

    /** Stops the node with SIGTERM (SIGKILL after 30 s); nothing when it has ended. */
    @Override
    public void close() throws InterruptedException {
      process.close();
    }
  }

  /**
   * Starts another engine node on this system's database (a cluster, issue 13) with the engine app's
   * environment but a port, a data directory ({@code engine-data-<name>}) and a log ({@code
   * engine-<name>.log}) of its own, and waits until it is ready. A node that does not get ready is
   * stopped before this fails; every node is closed with the system.
   */
  EngineNode startNode(String name) throws IOException {
    int nodePort = FreePorts.any();
    Map<String, String> env = new HashMap<>(engineEnvironment);
    env.put("JOBNET_PORT", Integer.toString(nodePort));
    env.put("JOBNET_DATA_DIR", dir.resolve("engine-data-" + name).toString());
    Path log = dir.resolve("engine-" + name + ".log");
    EngineNode node = new EngineNode(nodePort, log, new JavaProcess("engine node " + name,
        BuiltJars.engine(Path.of(System.getProperty("jobnet.engine.jar"))), engineJvmOptions(), env, log));
    nodes.add(node);
    try {
      node.process.start();
      awaitReady("engine node " + name + " at port " + nodePort, node.process, log, node.base());
    } catch (IOException | RuntimeException | Error e) {
      try {
        node.close();
      } catch (InterruptedException suppressed) {
        Thread.currentThread().interrupt();
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return node;
  }

  /**
   * Whether the engine app is ready: its readiness probe (database, engine, job executor) answers 200,
   * without credentials ({@code docs/metrics.md}).
   */
  boolean ready() {
    return ready(base());
  }

  /** Whether the engine app at {@code base} is ready (see {@link #ready()}). */
  private boolean ready(String base) {
    HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(30)).GET().build();
    try {
      return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The engine app's JVM options: for tests, a small heap, the serial collector and C1 only (short
   * runs on 2 cores); benchmarks set {@code -Djobnet.engine.jvm=...} (space-separated) to measure
   * the engine as {@code ./jobnet engine} runs it.
   */
  static List<String> engineJvmOptions() {
    String configured = System.getProperty("jobnet.engine.jvm");
    if (configured != null && !configured.isBlank()) {
      return List.of(configured.trim().split("\\s+"));
    }
    return List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  }

  /** A directory under target/ for the processes' logs, kept after the run for post-mortems. */
  static Path logDirectory(Class<?> test) throws IOException {
    Path d = Path.of("target", "system-test-logs", test.getSimpleName() + "-" + UUID.randomUUID().toString()
        .substring(0, 8)).toAbsolutePath();
    Files.createDirectories(d);
    return d;
  }

  /** The engine app's log (standard output and error). */
  Path engineLog() {
    return dir.resolve("engine.log");
  }

  /** The log of the agent {@code name} started (standard output and error). */
  Path agentLog(String name) {
    return dir.resolve("agent-" + name + ".log");
  }

  String engineUrl() {
    return "http://127.0.0.1:" + port + "/engine-rest";
  }

  /** A link to the engine app that a test can cut, for an agent to use as its engine URL. */
  TcpProxy link() throws IOException {
    TcpProxy link = new TcpProxy("127.0.0.1", port);
    links.add(link);
    return link;
  }

  /** Starts an agent named {@code name} serving {@code server} that reaches the engine app through {@code link}. */
  JavaProcess startAgentThrough(TcpProxy link, String name, String server) throws IOException {
    return startAgent(name, Map.of("JOBNET_AGENT_SERVERS", server,
        "JOBNET_ENGINE_URL", "http://127.0.0.1:" + link.port() + "/engine-rest"));
  }

  /** Starts an agent JVM with a work directory of its own (kept across restarts of the same name). */
  JavaProcess startAgent(String name, Map<String, String> settings) throws IOException {
    return startAgent(name, settings, agentJvmOptions());
  }

  /**
   * An agent's JVM options: as the {@code jobnet} launcher starts it, unless a benchmark sets {@code
   * -Djobnet.agent.jvm=...} (space-separated) to try others.
   */
  static List<String> agentJvmOptions() {
    String configured = System.getProperty("jobnet.agent.jvm");
    if (configured != null && !configured.isBlank()) {
      return List.of(configured.trim().split("\\s+"));
    }
    return List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  }

  /** The same with the agent's JVM options (benchmarks: its heap limit). */
  JavaProcess startAgent(String name, Map<String, String> settings, List<String> jvmArgs) throws IOException {
    return startAgent(name, settings, jvmArgs, null);
  }

  /** The same in a working directory of its own ({@code null}: the test's), where relative commands are found. */
  JavaProcess startAgent(String name, Map<String, String> settings, List<String> jvmArgs, Path workingDirectory)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("JOBNET_ENGINE_URL", engineUrl());
    env.put("JOBNET_AGENT_USER", AGENT_USER);
    env.put("JOBNET_AGENT_PASSWORD", AGENT_PASSWORD);
    env.put("JOBNET_AGENT_NAME", name);
    env.put("JOBNET_AGENT_WORK_DIR", dir.resolve("agent-" + name).toString());
    env.put("JOBNET_AGENT_HEARTBEAT", "1");
    env.put("JOBNET_AGENT_LOCK", "6");
    env.put("JOBNET_AGENT_LONG_POLL", "5");
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.putAll(settings);
    Path jar = BuiltJars.agent(Path.of(System.getProperty("jobnet.agent.jar")));
    JavaProcess agent = new JavaProcess("agent " + name, jar, jvmArgs, env, agentLog(name)).in(workingDirectory);
    agents.add(agent);
    return agent.start();
  }

  /** Converts the YAML and deploys it through the engine's REST API as the administrator. */
  void deploy(String yaml) throws IOException {
    JobnetConverter converter = new JobnetConverter();
    Validation v = converter.validate(List.of(new SourceFile("system.yaml", yaml)));
    if (!v.isValid()) {
      throw new AssertionError("test jobnet has findings: " + v.findings());
    }
    String boundary = "----jobnet" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    part(body, boundary, "deployment-name", null, "system-test");
    for (ConvertedJobnet c : converter.convert(v)) {
      part(body, boundary, c.fileName(), c.fileName(), c.bpmnXml());
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/engine-rest/deployment/create"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    if (r.statusCode() != 200) {
      throw new AssertionError("deployment failed: " + r.statusCode() + " " + r.body());
    }
  }

  /**
   * Deploys a root jobnet of one job, {@code work}, that runs {@code command} on a server of its own
   * (so that only the agents a test starts for it take its job); the jobnet and the server share the
   * name returned.
   */
  String deployOneJob(Path command) throws IOException {
    String server = unique("s");
    deploy("""
        jobnets:
          %s:
            server: %s
            jobs:
              work: %s
        """.formatted(server, server, command));
    return server;
  }

  /** A new name for a server, an agent or a jobnet: {@code prefix}, a hyphen and eight random characters. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Starts a run of a root jobnet with start variables (strings); its process instance id. */
  String start(String jobnet, Map<String, String> variables) throws IOException {
    return start(base(), jobnet, variables);
  }

  /** The same through the engine node {@code node} (the run is created there; a cluster shares it). */
  String start(EngineNode node, String jobnet, Map<String, String> variables) throws IOException {
    return start(node.base(), jobnet, variables);
  }

  /** Starts a run through the engine app at {@code base}. */
  private String start(String base, String jobnet, Map<String, String> variables) throws IOException {
    StringBuilder vars = new StringBuilder("{");
    for (Map.Entry<String, String> e : variables.entrySet()) {
      vars.append(vars.length() > 1 ? "," : "").append(json.writeValueAsString(e.getKey()))
          .append(":{\"value\":").append(json.writeValueAsString(e.getValue())).append(",\"type\":\"String\"}");
    }
    vars.append('}');
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/engine-rest/process-definition/key/"
        + jobnet + "/start")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"variables\":" + vars + "}")));
    if (r.statusCode() != 200) {
      throw new AssertionError("start of " + jobnet + " failed: " + r.statusCode() + " " + r.body());
    }
    return json.readTree(r.body()).get("id").asText();
  }

  /** The tree of a run ({@code /jobnet-api/runs/{id}}). */
  JsonNode run(String id) {
    HttpResponse<String> r = get("/jobnet-api/runs/" + id);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("run " + id + ": " + r.statusCode() + " " + r.body());
    }
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the run has ended and returns its tree. */
  JsonNode awaitEnd(String id, Duration timeout) {
    return Await.until("run " + id + " to end", timeout, () -> {
      JsonNode t = run(id);
      return t.get("endTime").isNull() ? Optional.empty() : Optional.of(t);
    });
  }

  /**
   * The same, polling only the run's history row (one indexed query each time) and reading its tree
   * once it ended: for benchmarks, whose waiting must not load the engine they measure (the tree of
   * a 200-job run costs the engine about 25 ms of CPU per read).
   */
  JsonNode awaitEndQuietly(String id, Duration timeout) {
    Await.until("run " + id + " to end", timeout, () -> {
      HttpResponse<String> r = get("/engine-rest/history/process-instance/" + id);
      try {
        return r.statusCode() == 200 && !json.readTree(r.body()).path("endTime").isNull();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    return run(id);
  }

  /** A node of the run tree by element id, at any depth. */
  static JsonNode node(JsonNode run, String elementId) {
    JsonNode found = find(run.get("nodes"), elementId);
    if (found == null) {
      throw new AssertionError("no node " + elementId + " in " + run);
    }
    return found;
  }

  private static JsonNode find(JsonNode nodes, String elementId) {
    if (nodes == null) {
      return null;
    }
    for (JsonNode n : nodes) {
      if (n.get("elementId").asText().equals(elementId)) {
        return n;
      }
      JsonNode inner = find(n.get("children"), elementId);
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  /** The state of one node of a run now. */
  String state(String run, String elementId) {
    return node(run(run), elementId).get("state").asText();
  }

  /** Posts JSON as the administrator. */
  HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Puts JSON as the administrator. */
  HttpResponse<String> put(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
  }

  /** The kinds of the events of a root run, oldest first (the event log API). */
  List<String> eventKinds(String rootRunId) throws IOException {
    List<String> kinds = new ArrayList<>();
    JsonNode page = new ObjectMapper().readTree(get("/jobnet-api/events?rootRunId=" + rootRunId + "&size=500").body());
    page.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
    return kinds;
  }

  /** The events of one kind of a root run, oldest first (the event log API). */
  List<JsonNode> events(String rootRunId, String kind) {
    try {
      JsonNode page = json.readTree(get("/jobnet-api/events?rootRunId=" + rootRunId + "&kind=" + kind
          + "&size=100&order=asc").body());
      List<JsonNode> events = new ArrayList<>();
      page.path("events").forEach(events::add);
      return events;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The state of the agent {@code name} in the agent registry ({@code UNKNOWN} when it is not there). */
  String agentState(String name) {
    try {
      for (JsonNode a : json.readTree(get("/jobnet-api/agents").body())) {
        if (name.equals(a.path("name").asText())) {
          return a.path("state").asText();
        }
      }
      return "UNKNOWN";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A DELETE as the administrator. */
  HttpResponse<String> delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).DELETE());
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The value of an {@code Authorization} header with HTTP Basic credentials. */
  static String basicAuthorization(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    b.header("Authorization", basicAuthorization(ADMIN, ADMIN_PASSWORD));
    try {
      return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("engine app not reachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void part(ByteArrayOutputStream out, String boundary, String name, String file, String content)
      throws IOException {
    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
        + (file == null ? "" : "; filename=\"" + file + "\"") + "\r\n"
        + (file == null ? "" : "Content-Type: application/octet-stream\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(content.getBytes(StandardCharsets.UTF_8));
    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
  }

  static String tail(Path log) {
    try {
      String s = Files.exists(log) ? Files.readString(log) : "";
      return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The mail server the engine mails through (closed with this system). */
  JobnetSystem withMail(MailBox mail) {
    this.mail = mail;
    return this;
  }

  /** The test's mail server; fails when this system's engine has none ({@code @SystemUnderTest(mail = true)}). */
  MailBox mail() {
    if (mail == null) {
      throw new IllegalStateException("this system's engine has no mail server: @SystemUnderTest(mail = true)");
    }
    return mail;
  }

  /**
   * Closes everything this system started, each part even when another failed to close (the first
   * failure is thrown at the end): the mail server, the agents, the job processes they left running
   * (an agent a test killed, or one that detached), the links, the other engine nodes, the engine app,
   * the database and the database server of its own.
   */
  @Override
  public void close() throws Exception {
    List<ThrowingRunnable> steps = new ArrayList<>();
    if (mail != null) {
      steps.add(mail::close);
    }
    for (JavaProcess a : agents) {
      steps.add(a::close);
    }
    steps.add(this::stopLeftoverJobs);
    for (TcpProxy l : links) {
      steps.add(l::close);
    }
    for (EngineNode n : nodes) {
      steps.add(n::close);
    }
    if (engine != null) {
      steps.add(engine::close);
    }
    if (databaseLink != null) {
      steps.add(databaseLink::close);
    }
    steps.add(db::close);
    if (ownServer != null) {
      steps.add(ownServer::close);
    }
    Exception first = null;
    for (ThrowingRunnable step : steps) {
      try {
        step.run();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** A part of {@link #close()}. */
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * Stops the process group of every job an agent of this system left running: each job's wrapper
   * wrote its pid (its group's id) to {@code exit-status.pid} in the agent's journal directory.
   */
  void stopLeftoverJobs() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> pidFiles;
    try (Stream<Path> walk = Files.walk(dir, 4)) {
      pidFiles = walk.filter(p -> p.getFileName().toString().equals("exit-status.pid")).toList();
    }
    for (Path pidFile : pidFiles) {
      long pid;
      java.time.Instant written;
      try {
        pid = Long.parseLong(Files.readString(pidFile).trim());
        written = Files.getLastModifiedTime(pidFile).toInstant();
      } catch (IOException | NumberFormatException e) {
        continue;
      }
      // the wrapper wrote the file as it started: a process of that pid started then is the job's,
      // never another process that got the pid later
      if (ProcessGroups.isSameProcess(pid, written)) {
        ProcessGroups.stop(pid, Duration.ofSeconds(2));
      }
    }
  }
}
