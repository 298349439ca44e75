package dev.jobnet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B3 of the design's benchmarks: throughput of the whole job protocol. Root jobnets of sequential
 * {@code /bin/true} jobs, all started at once over the engine REST API from a small pool of clients,
 * run by one agent of capacity 16, then by four agents of capacity 4; the engine app, the agents and
 * PostgreSQL on this machine. jobs/s = jobs / (first start sent to the last run's end, read from the
 * history). Baselines of the same run: {@code pgbench -N} on a database of its own on the same
 * PostgreSQL, and plain Camunda: a plain BPMN of as many sequential external tasks (no jobnet
 * properties) on the same engine app, as many instances started the same way, completed by a client
 * of 16 threads (one long-polling fetch loop that fetches at most its free threads, as the agent
 * does). CPU time of the engine app, the agents, PostgreSQL and the benchmark's own clients is read
 * from {@code /proc} before and after each phase. Each kind runs once small before it is measured, so
 * that class loading and JIT do not dominate.
 *
 * <p>Run with {@code benchmarks/run b3}; argument: the result file. Sizes from the environment:
 * {@code B3_ROOTS} (40), {@code B3_JOBS} (10 per root), {@code B3_WARM_ROOTS} (200: most of the JIT compilers' work is done before the measured runs; after 40 it was half the engine's CPU),
 * {@code B3_START_CLIENTS} (4), {@code B3_PLAIN_THREADS} (16), {@code B3_PGBENCH_SCALE} (10),
 * {@code B3_PGBENCH_SECONDS} (15).
 */
final class ThroughputBenchmark {

  static final String PLAIN_TOPIC = "plain";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ThroughputBenchmark() {}

  private static long compilerMillis(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      sum += CpuMeter.compilerMillis(pid);
    }
    return sum;
  }

  public static void main(String[] args) throws Exception {
    Path result = Path.of(args.length > 0 ? args[0] : "b3.json").toAbsolutePath();
    int roots = env("B3_ROOTS", 40);
    int jobs = env("B3_JOBS", 10);
    int warmRoots = env("B3_WARM_ROOTS", 200);
    int clients = env("B3_START_CLIENTS", 4);
    int plainThreads = env("B3_PLAIN_THREADS", 16);
    int pgScale = env("B3_PGBENCH_SCALE", 10);
    int pgSeconds = env("B3_PGBENCH_SECONDS", 15);
    int nodes = env("B3_NODES", 1);
    // the one-agent and plain phases alternate this many times: the host's speed drifts between phases
    // (plain Camunda's rate moved by half between runs), so the ratio reported is the rounds' median
    int rounds = Math.max(1, env("B3_ROUNDS", 3));
    Path dir = JobnetSystem.logDirectory(ThroughputBenchmark.class);

    ObjectNode out = JSON.createObjectNode();
    out.put("benchmark", "B3");
    out.put("date", Instant.now().toString());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("loadAverageAtStart", CpuMeter.loadAverage());
    out.putObject("conditions").put("roots", roots).put("jobsPerRoot", jobs).put("command", "/bin/true")
        .put("warmUpRoots", warmRoots).put("startClients", clients).put("plainClientThreads", plainThreads)
        .put("engineJvm", String.join(" ", JobnetSystem.engineJvmOptions()))
        .put("agentJvm", String.join(" ", JobnetSystem.agentJvmOptions()))
        .put("agentSettings", "heartbeat 5 s, lock 30 s, long poll 20 s (the defaults)")
        .put("historyLevel", "full (the engine app's)")
        .put("engineNodes", nodes).put("rounds", rounds);

    // B3_WAKE_UP=OFF: without the cluster wake-up (JOBNET_CLUSTER_WAKE_UP), to see what it costs one node
    String wakeUp = System.getenv().getOrDefault("B3_WAKE_UP", "AUTO");
    ((ObjectNode) out.get("conditions")).put("clusterWakeUp", wakeUp);
    try (JobnetSystem system = new JobnetSystem(dir, false, Map.of("JOBNET_CLUSTER_WAKE_UP", wakeUp));
        CpuMeter meter = new CpuMeter()) {
      // B3_NODES > 1: more engine nodes on the same database; starts go to each in turn, the one agent
      // names every node (it talks to the first), the four agents are spread over the nodes
      List<JobnetSystem.EngineNode> others = new ArrayList<>();
      for (int n = 2; n <= nodes; n++) {
        others.add(system.startNode("n" + n));
      }
      List<String> engineUrls = new ArrayList<>(List.of(system.engineUrl()));
      others.forEach(n -> engineUrls.add(n.engineUrl()));
      List<Long> enginePids = new ArrayList<>(List.of(system.enginePid()));
      others.forEach(n -> enginePids.add(n.pid()));
      EngineLoad load = new EngineLoad(system, others);
      StringBuilder chains = new StringBuilder(chain("b3warm", "b3", jobs));
      Map<String, String> plainFiles = new java.util.LinkedHashMap<>();
      plainFiles.put("b3plainwarm.bpmn", plainBpmn("b3plainwarm", jobs));
      for (int r = 1; r <= rounds; r++) {
        chains.append(body(chain("b3one" + roundSuffix(r), "b3", jobs)));
        plainFiles.put("b3plain" + roundSuffix(r) + ".bpmn", plainBpmn("b3plain" + roundSuffix(r), jobs));
      }
      system.deploy(chains + body(chain("b3fourwarm", "b3four", jobs)) + body(chain("b3four", "b3four", jobs)));
      load.deployBpmn("b3-plain", plainFiles);
      Duration timeout = Duration.ofMinutes(30);

      System.err.println("B3: one agent of capacity 16; warming up (" + warmRoots + " roots)...");
      JavaProcess one = startAgent(system, "b3-one", "b3", 16, String.join(",", engineUrls));
      load.start("b3warm", warmRoots, clients);
      load.awaitFinished("b3warm", warmRoots, timeout);
      System.err.println("B3: plain Camunda, warming up (" + warmRoots + " instances)...");
      try (PlainWorkers workers = new PlainWorkers(load, plainThreads)) {
        load.start("b3plainwarm", warmRoots, clients);
        load.awaitFinished("b3plainwarm", warmRoots, timeout);
      }

      System.err.println("B3: pgbench -N on a database of its own (scale " + pgScale + ", " + pgSeconds + " s)...");
      ObjectNode pg = pgbench(meter, pgScale, pgSeconds);
      out.set("pgbench", pg);

      ArrayNode roundsJson = out.putArray("rounds");
      for (int r = 1; r <= rounds; r++) {
        String of = rounds > 1 ? "round " + r + " of " + rounds + ": " : "";
        System.err.println("B3: " + of + roots + " roots of " + jobs + " jobs, one agent of capacity 16...");
        ObjectNode oneAgent = measure(system, enginePids, load, meter, "b3one" + roundSuffix(r), roots, jobs, clients,
            List.of(one.pid()));
        oneAgent.put("agents", 1).put("capacityEach", 16);
        System.err.println("B3: " + of + "plain Camunda, " + roots + " instances of " + jobs + " external tasks, "
            + plainThreads + "-thread client...");
        ObjectNode plain;
        try (PlainWorkers workers = new PlainWorkers(load, plainThreads)) {
          plain = measure(system, enginePids, load, meter, "b3plain" + roundSuffix(r), roots, jobs, clients, List.of());
          plain.put("clientThreads", plainThreads).put("clientErrors", workers.errors.get());
        }
        ObjectNode roundJson = roundsJson.addObject().put("round", r)
            .put("oneAgentToPlain", round(oneAgent.get("perSecond").asDouble() / plain.get("perSecond").asDouble(), 4));
        roundJson.set("jobnetOneAgent", oneAgent);
        roundJson.set("plain", plain);
      }
      one.terminate(Duration.ofSeconds(60));
      // the round of the median ratio stands for the run (with an even count, the lower of the middle two)
      List<Integer> byRatio = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        byRatio.add(r);
      }
      byRatio.sort(java.util.Comparator.comparingDouble(r -> roundsJson.get(r).get("oneAgentToPlain").asDouble()));
      int median = byRatio.get((rounds - 1) / 2);
      ObjectNode oneAgent = (ObjectNode) roundsJson.get(median).get("jobnetOneAgent");
      ObjectNode plain = (ObjectNode) roundsJson.get(median).get("plain");
      out.put("medianRound", median + 1);
      out.set("jobnetOneAgent", oneAgent);
      out.set("plain", plain);

      System.err.println("B3: four agents of capacity 4; warming up (" + warmRoots + " roots)...");
      List<Long> four = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        four.add(startAgent(system, "b3-four-" + i, "b3four", 4, engineUrls.get((i - 1) % engineUrls.size())).pid());
      }
      load.start("b3fourwarm", warmRoots, clients);
      load.awaitFinished("b3fourwarm", warmRoots, timeout);
      System.err.println("B3: " + roots + " roots of " + jobs + " jobs, four agents of capacity 4...");
      ObjectNode fourAgents = measure(system, enginePids, load, meter, "b3four", roots, jobs, clients, four);
      fourAgents.put("agents", 4).put("capacityEach", 4);
      out.set("jobnetFourAgents", fourAgents);

      double tps = pg.get("tps").asDouble();
      double plainRate = plain.get("perSecond").asDouble();
      ObjectNode ratios = out.putObject("ratios");
      ratios.put("oneAgentToPgbenchTps", round(oneAgent.get("perSecond").asDouble() / tps, 4));
      ratios.put("oneAgentToPlain", round(oneAgent.get("perSecond").asDouble() / plainRate, 4));
      ratios.put("fourAgentsToPgbenchTps", round(fourAgents.get("perSecond").asDouble() / tps, 4));
      ratios.put("fourAgentsToPlain", round(fourAgents.get("perSecond").asDouble() / plainRate, 4));
      ratios.put("engineCpuPerJobOneAgentToPlain", round(oneAgent.get("engineCpuMsPerJob").asDouble()
          / plain.get("engineCpuMsPerJob").asDouble(), 2));
      ratios.put("engineCpuPerJobWithoutJitOneAgentToPlain", round(oneAgent.get("engineCpuMsPerJobWithoutJit")
          .asDouble() / plain.get("engineCpuMsPerJobWithoutJit").asDouble(), 2));
      out.putObject("target").put("toPgbenchTps", 0.10).put("toPlain", 0.80);
      out.put("loadAverageAtEnd", CpuMeter.loadAverage());
      out.put("logs", dir.toString());
      Files.createDirectories(result.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);

      System.out.printf("B3: pgbench -N (scale %d, 8 clients, 2 threads, %d s): %.0f TPS%n", pgScale, pgSeconds, tps);
      summary("jobnets, 1 agent of capacity 16", oneAgent, "jobs");
      summary("jobnets, 4 agents of capacity 4", fourAgents, "jobs");
      summary("plain Camunda, " + plainThreads + "-thread client", plain, "tasks");
      System.out.printf("B3: 1 agent: jobs/s = %.2f %% of pgbench TPS (target >= 10 %%), %.1f %% of plain tasks/s"
          + " (target >= 80 %%); engine CPU per job %.1f x plain's (%.1f x without the JIT compilers)%n",
          100 * ratios.get("oneAgentToPgbenchTps").asDouble(), 100 * ratios.get("oneAgentToPlain").asDouble(),
          ratios.get("engineCpuPerJobOneAgentToPlain").asDouble(),
          ratios.get("engineCpuPerJobWithoutJitOneAgentToPlain").asDouble());
      if (rounds > 1) {
        StringBuilder each = new StringBuilder();
        for (JsonNode r : roundsJson) {
          each.append(String.format("%n  round %d: %.1f jobs/s, plain %.1f tasks/s: %.1f %%", r.get("round").asInt(),
              r.get("jobnetOneAgent").get("perSecond").asDouble(), r.get("plain").get("perSecond").asDouble(),
              100 * r.get("oneAgentToPlain").asDouble()));
        }
        System.out.printf("B3: 1 agent against plain Camunda, phase by phase (the figures above are round %d's, the"
            + " median):%s%n", median + 1, each);
      }
      System.out.printf("B3: 4 agents: jobs/s = %.2f %% of pgbench TPS, %.1f %% of plain tasks/s%n",
          100 * ratios.get("fourAgentsToPgbenchTps").asDouble(), 100 * ratios.get("fourAgentsToPlain").asDouble());
      System.out.printf("B3: load average at start %s, at end %s; logs in %s%n", out.get("loadAverageAtStart")
          .asText(), out.get("loadAverageAtEnd").asText(), dir);
    }
  }

  /** The suffix of round {@code r}'s definitions: none for the first, whose keys are those of a single round. */
  private static String roundSuffix(int r) {
    return r == 1 ? "" : "r" + r;
  }

  /**
   * Starts {@code roots} instances of {@code key} at once and waits until all have ended; the figures of
   * that phase: rate, start latencies, CPU per job of every process, history rows written per job.
   */
  static ObjectNode measure(JobnetSystem system, List<Long> engines, EngineLoad load, CpuMeter meter, String key,
      int roots, int jobsPerRoot, int clients, List<Long> agentPids) {
    long jobs = (long) roots * jobsPerRoot;
    Map<String, Long> rowsBefore = load.rows(EngineLoad.HISTORY_TABLES);
    String loadBefore = CpuMeter.loadAverage();
    long engine0 = CpuMeter.processMillis(engines);
    long jit0 = compilerMillis(engines);
    long agents0 = CpuMeter.processMillis(agentPids);
    long self0 = CpuMeter.selfMillis();
    Map<String, Long> pg0 = meter.postgresMillis();
    List<EngineLoad.Start> starts;
    try {
      starts = load.start(key, roots, clients);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    long startsAnswered = System.currentTimeMillis();
    load.awaitFinished(key, roots, Duration.ofMinutes(30));
    long engine1 = CpuMeter.processMillis(engines);
    long jit1 = compilerMillis(engines);
    long agents1 = CpuMeter.processMillis(agentPids);
    long self1 = CpuMeter.selfMillis();
    Map<String, Long> pg1 = meter.postgresMillis();
    String loadAfter = CpuMeter.loadAverage();
    long firstStart = starts.stream().mapToLong(EngineLoad.Start::sentAtMillis).min().orElseThrow();
    long lastEnd = load.lastEnd(key);
    long windowMs = lastEnd - firstStart;
    Map<String, Long> rowsAfter = load.rows(EngineLoad.HISTORY_TABLES);

    ObjectNode o = JSON.createObjectNode();
    o.put("definition", key);
    o.put("roots", roots);
    o.put("jobs", jobs);
    o.put("firstStartToLastEndMs", windowMs);
    o.put("perSecond", round(jobs * 1000.0 / windowMs, 2));
    o.put("allStartsAnsweredAfterMs", startsAnswered - firstStart);
    o.set("startLatencyMs", Stats.of(starts.stream().map(EngineLoad.Start::latencyMillis).toList()).toJson(JSON));
    long engineMs = engine1 - engine0;
    long agentMs = agents1 - agents0;
    long selfMs = self1 - self0;
    long pgAll = sum(pg1) - sum(pg0);
    long pgOwn = delta(pg0, pg1, system.databaseName()) + delta(pg0, pg1, "");
    o.put("engineCpuMs", engineMs).put("agentsCpuMs", agentMs).put("postgresCpuMs", pgAll)
        .put("postgresOwnCpuMs", pgOwn).put("benchmarkClientCpuMs", selfMs);
    o.put("engineCpuMsPerJob", round((double) engineMs / jobs, 2));
    // the engine's JIT compilers, and the rest: what a long-running engine spends per job
    o.put("engineJitCpuMs", jit1 - jit0);
    o.put("engineJitCpuMsPerJob", round((double) (jit1 - jit0) / jobs, 2));
    o.put("engineCpuMsPerJobWithoutJit", round((double) (engineMs - (jit1 - jit0)) / jobs, 2));
    o.put("agentsCpuMsPerJob", round((double) agentMs / jobs, 2));
    o.put("postgresCpuMsPerJob", round((double) pgAll / jobs, 2));
    o.put("postgresOwnCpuMsPerJob", round((double) pgOwn / jobs, 2));
    o.put("benchmarkClientCpuMsPerJob", round((double) selfMs / jobs, 2));
    o.put("engineCores", round((double) engineMs / windowMs, 2));
    o.put("postgresCores", round((double) pgAll / windowMs, 2));
    if (!key.contains("plain")) {
      Map<String, Long> outcomes = load.outcomes(key);
      o.set("outcomes", JSON.valueToTree(outcomes));
      o.put("allSucceeded", outcomes.getOrDefault("SUCCEEDED", 0L) == roots && outcomes.size() == 1);
    }
    ObjectNode rows = o.putObject("historyRowsPerJob");
    rowsBefore.forEach((t, n) -> {
      if (n >= 0 && rowsAfter.get(t) >= 0) {
        rows.put(t, round((rowsAfter.get(t) - n) / (double) jobs, 2));
      }
    });
    o.put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter);
    return o;
  }

  private static void summary(String what, JsonNode o, String unit) {
    System.out.printf("B3: %s: %d %s, %d %s in %.1f s (first start to last end): %.1f %s/s; start latency"
        + " median %.0f ms, p99 %.0f ms%n", what, o.get("roots").asInt(), unit.equals("jobs") ? "roots" : "instances",
        o.get("jobs").asLong(), unit,
        o.get("firstStartToLastEndMs").asLong() / 1000.0, o.get("perSecond").asDouble(), unit,
        o.get("startLatencyMs").get("median").asDouble(), o.get("startLatencyMs").get("p99").asDouble());
    System.out.printf("B3:   CPU per %s: engine %.1f ms (of which its JIT compilers %.1f ms; without them %.1f ms), agents %.1f ms, PostgreSQL %.1f ms (this database and the"
        + " server's own processes: %.1f ms), benchmark clients %.1f ms%s%n", unit.substring(0, unit.length() - 1),
        o.get("engineCpuMsPerJob").asDouble(), o.get("engineJitCpuMsPerJob").asDouble(),
        o.get("engineCpuMsPerJobWithoutJit").asDouble(), o.get("agentsCpuMsPerJob").asDouble(),
        o.get("postgresCpuMsPerJob").asDouble(), o.get("postgresOwnCpuMsPerJob").asDouble(),
        o.get("benchmarkClientCpuMsPerJob").asDouble(), o.has("allSucceeded")
            ? "; all SUCCEEDED: " + o.get("allSucceeded").asBoolean() + " " + o.get("outcomes") : "");
  }

  /** {@code pgbench -i -s SCALE}, then {@code pgbench -N -c 8 -j 2 -T SECONDS} on a database of its own. */
  static ObjectNode pgbench(CpuMeter meter, int scale, int seconds) throws Exception {
    URI server = URI.create(PgDatabase.SERVER.substring("jdbc:".length()));
    String host = server.getHost();
    String port = Integer.toString(server.getPort() < 0 ? 5432 : server.getPort());
    String pgbench = pgbenchBinary();
    ObjectNode o = JSON.createObjectNode();
    try (PgDatabase db = new PgDatabase()) {
      run(List.of(pgbench, "-i", "-q", "-s", Integer.toString(scale), "-h", host, "-p", port, "-U", PgDatabase.USER,
          db.name), Duration.ofMinutes(10));
      Map<String, Long> pg0 = meter.postgresMillis();
      String output = run(List.of(pgbench, "-N", "-c", "8", "-j", "2", "-T", Integer.toString(seconds), "-h", host,
          "-p", port, "-U", PgDatabase.USER, db.name), Duration.ofSeconds(seconds + 120L));
      Map<String, Long> pg1 = meter.postgresMillis();
      Matcher tps = Pattern.compile("tps = ([0-9.]+) \\((?:without initial connection time|excluding connections"
          + " establishing)\\)").matcher(output);
      Matcher anyTps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
      Matcher tx = Pattern.compile("number of transactions actually processed: (\\d+)").matcher(output);
      double value;
      if (tps.find()) {
        value = Double.parseDouble(tps.group(1));
      } else if (anyTps.find()) {
        value = Double.parseDouble(anyTps.group(1));
      } else {
        throw new AssertionError("no TPS in pgbench's output: " + output);
      }
      long transactions = tx.find() ? Long.parseLong(tx.group(1)) : 0;
      long pgMs = delta(pg0, pg1, db.name) + delta(pg0, pg1, "");
      o.put("scale", scale).put("clients", 8).put("threads", 2).put("seconds", seconds).put("tps", round(value, 1))
          .put("transactions", transactions).put("postgresCpuMs", pgMs)
          .put("postgresCpuMsPerTransaction", transactions == 0 ? 0 : round((double) pgMs / transactions, 3))
          .put("version", run(List.of(pgbench, "--version"), Duration.ofSeconds(30)).trim());
      o.put("output", output.trim());
    }
    return o;
  }

  private static String pgbenchBinary() {
    String configured = System.getenv("PGBENCH");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(p, "pgbench"))) {
        return Path.of(p, "pgbench").toString();
      }
    }
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      for (File v : versions) {
        if (new File(v, "bin/pgbench").canExecute()) {
          return new File(v, "bin/pgbench").getPath();
        }
      }
    }
    throw new AssertionError("no pgbench on PATH nor under /usr/lib/postgresql/*/bin (apt-get install"
        + " postgresql-contrib, or set PGBENCH)");
  }

  private static String run(List<String> command, Duration timeout) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not end within " + timeout);
    }
    String output = new String(bytes, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(command + " failed (" + p.exitValue() + "): " + output);
    }
    return output;
  }

  /** An agent with the default heartbeat, lock and long poll, serving one server; waits until it serves. */
  static JavaProcess startAgent(JobnetSystem system, String name, String server, int capacity) throws IOException {
    return startAgent(system, name, server, capacity, system.engineUrl());
  }

  /** The same, reaching the engine at {@code engineUrl} (a node's, or several separated by commas). */
  static JavaProcess startAgent(JobnetSystem system, String name, String server, int capacity, String engineUrl)
      throws IOException {
    JavaProcess agent = system.startAgent(name, Map.of("JOBNET_AGENT_SERVERS", server, "JOBNET_AGENT_CAPACITY",
        Integer.toString(capacity), "JOBNET_AGENT_HEARTBEAT", "5", "JOBNET_AGENT_LOCK", "30",
        "JOBNET_AGENT_LONG_POLL", "20", "JOBNET_ENGINE_URL", engineUrl));
    Await.until("agent " + name + " to serve", Duration.ofMinutes(2), () -> {
      try {
        return agent.output().contains(" serving ");
      } catch (IOException e) {
        return false;
      }
    });
    return agent;
  }

  /** A root jobnet of {@code jobs} sequential {@code /bin/true} jobs on a server. */
  static String chain(String id, String server, int jobs) {
    StringBuilder yaml = new StringBuilder("jobnets:\n  " + id + ":\n    server: " + server + "\n    jobs:\n");
    for (int i = 1; i <= jobs; i++) {
      yaml.append(String.format("      j%03d: /bin/true%n", i));
    }
    return yaml.toString();
  }

  private static String body(String yaml) {
    return yaml.replaceFirst("jobnets:\n", "");
  }

  /** A plain BPMN process of sequential external tasks on topic {@value #PLAIN_TOPIC}: no jobnet properties. */
  static String plainBpmn(String key, int tasks) {
    StringBuilder x = new StringBuilder("""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_%s" targetNamespace="http://jobnet.dev/bench">
          <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:startEvent id="start"/>
        """.formatted(key, key));
    String previous = "start";
    for (int i = 1; i <= tasks; i++) {
      String task = String.format("t%03d", i);
      x.append("    <bpmn:sequenceFlow id=\"f_").append(task).append("\" sourceRef=\"").append(previous)
          .append("\" targetRef=\"").append(task).append("\"/>\n");
      x.append("    <bpmn:serviceTask id=\"").append(task).append("\" camunda:type=\"external\" camunda:topic=\"")
          .append(PLAIN_TOPIC).append("\"/>\n");
      previous = task;
    }
    x.append("    <bpmn:sequenceFlow id=\"f_end\" sourceRef=\"").append(previous).append("\" targetRef=\"end\"/>\n");
    x.append("    <bpmn:endEvent id=\"end\"/>\n  </bpmn:process>\n</bpmn:definitions>\n");
    return x.toString();
  }

  /**
   * The plain-Camunda client: one fetch loop that long-polls for at most as many tasks as it has free
   * threads (as the agent does with its capacity), oldest first without priorities (as the agent
   * fetches), and a pool of threads that complete them; it calls as the agent user, so the engine app
   * runs its calls as it runs an agent's (as the engine, without authorization checks).
   */
  static final class PlainWorkers implements AutoCloseable {
    private static final String WORKER = "b3-plain-client";
    private final EngineLoad load;
    private final ExecutorService pool;
    private final Semaphore free;
    private final Thread fetcher;
    private volatile boolean running = true;
    final AtomicLong completed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();

    PlainWorkers(EngineLoad load, int threads) {
      this.load = load;
      this.pool = Executors.newFixedThreadPool(threads);
      this.free = new Semaphore(threads);
      this.fetcher = new Thread(this::fetchLoop, "b3-plain-fetch");
      fetcher.start();
    }

    private void fetchLoop() {
      while (running) {
        try {
          if (!free.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            continue;
          }
          int n = 1 + free.drainPermits();
          HttpResponse<String> r = load.postAsAgent("/engine-rest/external-task/fetchAndLock", "{\"workerId\":\"" + WORKER
              + "\",\"maxTasks\":" + n + ",\"asyncResponseTimeout\":5000,\"usePriority\":false,"
              // the tasks that waited longest first, as the agent fetches: the engine app's indexes
              // (FetchIndexes) let PostgreSQL read them in that order and stop at maxTasks under a backlog
              + "\"sorting\":[{\"sortBy\":\"createTime\",\"sortOrder\":\"asc\"}],\"topics\":[{\"topicName\":\""
              + PLAIN_TOPIC + "\",\"lockDuration\":60000}]}");
          if (r.statusCode() != 200) {
            error("fetchAndLock: " + r.statusCode() + " " + r.body());
            free.release(n);
            Thread.sleep(100);
            continue;
          }
          JsonNode tasks = JSON.readTree(r.body());
          free.release(n - tasks.size());
          for (JsonNode t : tasks) {
            String id = t.get("id").asText();
            pool.execute(() -> {
              try {
                HttpResponse<String> done = load.postAsAgent("/engine-rest/external-task/" + id + "/complete",
                    "{\"workerId\":\"" + WORKER + "\"}");
                if (done.statusCode() == 204) {
                  completed.incrementAndGet();
                } else {
                  error("complete: " + done.statusCode() + " " + done.body());
                }
              } catch (RuntimeException e) {
                error("complete: " + e);
              } finally {
                free.release();
              }
            });
          }
        } catch (InterruptedException e) {
          return;
        } catch (IOException | RuntimeException e) {
          error("fetchAndLock: " + e);
        }
      }
    }

    private void error(String message) {
      errors.incrementAndGet();
      if (firstError.compareAndSet(null, message)) {
        System.err.println("B3: plain client: " + message);
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      fetcher.join(TimeUnit.SECONDS.toMillis(15));
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  static int env(String name, int fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
  }

  static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
    return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
