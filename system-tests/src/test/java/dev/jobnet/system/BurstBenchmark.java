package dev.jobnet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * B5 of the design's benchmarks (F17): a burst of starts. {@code B5_STARTS} (10,000) starts of a root
 * jobnet of one {@code /bin/true} job over the engine REST API from {@code B5_CLIENTS} (8) concurrent
 * clients, each sending its next start as soon as its last one was answered; one agent of capacity 16
 * (as in B3). Measures each start's latency, starts/s (first start sent to last answered) and the
 * sustained rate, jobs / (first start sent to the last run's end). Then checks that the burst left
 * nothing behind: every run SUCCEEDED, no external task left, no instance running, the runtime tables
 * back to the row counts they had before the burst, the engine app's heap after a full GC back to
 * what it was before (within max(16 MB, 20 %)). {@code B5_WARM_STARTS} (1,000) starts warm up first: most of
 * the JIT compilers' work, not all of it (on 2 cores they still take about a third of the engine's CPU in
 * the burst that follows: {@code docs/benchmarks.md}, issue 11 round 12).
 *
 * <p>Then, unless {@code B5_PLAIN=0}, the same burst of plain Camunda on the same engine: as many starts of a
 * process of one plain external task (no jobnet properties), completed by B3's 16-thread plain client after
 * as many starts to warm it up. What a start and an end cost Camunda itself: the burst's rate against plain
 * Camunda's chain rate in B3 is the ratio the engine alone reaches, the one ours is set against.
 *
 * <p>Run with {@code benchmarks/run b5}; arguments: the result file, and B3's result file (its one-agent
 * jobs/s is the baseline of the sustained rate, when it exists).
 */
final class BurstBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Heap after the burst may exceed the resting heap by this much (or 20 % of it, whichever is larger). */
  static final long HEAP_TOLERANCE_KB = 16 * 1024;
  /** Threads of the plain-Camunda client completing the plain burst's tasks: the agent's capacity, as in B3. */
  static final int PLAIN_THREADS = 16;

  private BurstBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path result = Path.of(args.length > 0 ? args[0] : "b5.json").toAbsolutePath();
    Path b3 = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : null;
    int count = ThroughputBenchmark.env("B5_STARTS", 10_000);
    int clients = ThroughputBenchmark.env("B5_CLIENTS", 8);
    int warm = ThroughputBenchmark.env("B5_WARM_STARTS", 1000);
    boolean plainBurst = ThroughputBenchmark.env("B5_PLAIN", 1) != 0;
    Path dir = JobnetSystem.logDirectory(BurstBenchmark.class);

    ObjectNode out = JSON.createObjectNode();
    out.put("benchmark", "B5");
    out.put("date", Instant.now().toString());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("loadAverageAtStart", CpuMeter.loadAverage());
    out.putObject("conditions").put("starts", count).put("clients", clients).put("warmUpStarts", warm)
        .put("jobsPerRoot", 1).put("command", "/bin/true").put("agents", 1).put("capacity", 16)
        .put("engineJvm", String.join(" ", JobnetSystem.engineJvmOptions()))
        .put("agentJvm", String.join(" ", JobnetSystem.agentJvmOptions()))
        .put("agentSettings", "heartbeat 5 s, lock 30 s, long poll 20 s (the defaults)")
        .put("plainBurst", plainBurst).put("plainClientThreads", PLAIN_THREADS);

    try (JobnetSystem system = new JobnetSystem(dir, false, Map.of()); CpuMeter meter = new CpuMeter()) {
      EngineLoad load = new EngineLoad(system);
      system.deploy(ThroughputBenchmark.chain("b5warm", "b5", 1)
          + ThroughputBenchmark.chain("b5", "b5", 1).replaceFirst("jobnets:\n", ""));
      JavaProcess agent = ThroughputBenchmark.startAgent(system, "b5-agent", "b5", 16);
      System.err.println("B5: warming up (" + warm + " starts)...");
      load.start("b5warm", warm, clients);
      load.awaitFinished("b5warm", warm, Duration.ofMinutes(30));
      awaitRest(load, Duration.ofMinutes(2));

      long heapBefore = heapAfterGcKb(system.enginePid());
      Map<String, Long> runtimeBefore = load.rows(EngineLoad.RUNTIME_TABLES);
      Map<String, Long> historyBefore = load.rows(EngineLoad.HISTORY_TABLES);
      long engine0 = CpuMeter.processMillis(system.enginePid());
      long jit0 = CpuMeter.compilerMillis(system.enginePid());
      long agent0 = CpuMeter.processMillis(agent.pid());
      Map<String, Long> pg0 = meter.postgresMillis();

      System.err.println("B5: " + count + " starts from " + clients + " clients...");
      List<EngineLoad.Start> starts = load.start("b5", count, clients);
      long lastAnswer = System.currentTimeMillis();
      long firstStart = starts.stream().mapToLong(EngineLoad.Start::sentAtMillis).min().orElseThrow();
      System.err.printf("B5: all %d starts answered after %.1f s; waiting for the runs to end...%n", count,
          (lastAnswer - firstStart) / 1000.0);
      load.awaitFinished("b5", count, Duration.ofHours(2));
      long engine1 = CpuMeter.processMillis(system.enginePid());
      long jit1 = CpuMeter.compilerMillis(system.enginePid());
      long agent1 = CpuMeter.processMillis(agent.pid());
      Map<String, Long> pg1 = meter.postgresMillis();
      long lastEnd = load.lastEnd("b5");

      // nothing left behind
      Map<String, Long> outcomes = load.outcomes("b5");
      boolean allSucceeded = outcomes.getOrDefault("SUCCEEDED", 0L) == count && outcomes.size() == 1;
      Map<String, Long> runtimeAfter = awaitRows(load, runtimeBefore, Duration.ofSeconds(60));
      boolean tablesAtRest = runtimeAfter.equals(runtimeBefore);
      long externalTasks = load.count("/engine-rest/external-task/count");
      long running = load.count("/engine-rest/process-instance/count");
      long incidents = load.count("/engine-rest/incident/count");
      Map<String, Long> historyAfter = load.rows(EngineLoad.HISTORY_TABLES);
      long heapAfter = heapAfterGcKb(system.enginePid());
      long heapAllowed = heapBefore + Math.max(HEAP_TOLERANCE_KB, heapBefore / 5);
      boolean heapAtRest = heapAfter <= heapAllowed;
      String heapInfo = jcmd(system.enginePid(), "GC.heap_info");

      Stats latency = Stats.of(starts.stream().map(EngineLoad.Start::latencyMillis).toList());
      double startsPerSecond = count * 1000.0 / (lastAnswer - firstStart);
      double sustained = count * 1000.0 / (lastEnd - firstStart);
      out.set("startLatencyMs", latency.toJson(JSON));
      out.put("startsAnsweredMs", lastAnswer - firstStart);
      out.put("startsPerSecond", ThroughputBenchmark.round(startsPerSecond, 2));
      out.put("firstStartToLastEndMs", lastEnd - firstStart);
      out.put("sustainedJobsPerSecond", ThroughputBenchmark.round(sustained, 2));
      long engineMs = engine1 - engine0;
      long pgAll = ThroughputBenchmark.sum(pg1) - ThroughputBenchmark.sum(pg0);
      long pgOwn = ThroughputBenchmark.delta(pg0, pg1, system.databaseName()) + ThroughputBenchmark.delta(pg0, pg1, "");
      out.put("engineCpuMsPerJob", ThroughputBenchmark.round((double) engineMs / count, 2));
      out.put("engineJitCpuMsPerJob", ThroughputBenchmark.round((double) (jit1 - jit0) / count, 2));
      out.put("engineCpuMsPerJobWithoutJit", ThroughputBenchmark.round((double) (engineMs - (jit1 - jit0)) / count, 2));
      out.put("agentCpuMsPerJob", ThroughputBenchmark.round((double) (agent1 - agent0) / count, 2));
      out.put("postgresCpuMsPerJob", ThroughputBenchmark.round((double) pgAll / count, 2));
      out.put("postgresOwnCpuMsPerJob", ThroughputBenchmark.round((double) pgOwn / count, 2));
      ObjectNode checks = out.putObject("checks");
      checks.set("outcomes", JSON.valueToTree(outcomes));
      checks.put("allSucceeded", allSucceeded);
      checks.put("externalTasksLeft", externalTasks);
      checks.put("instancesRunning", running);
      checks.put("incidents", incidents);
      checks.put("runtimeTablesAtRest", tablesAtRest);
      checks.set("runtimeRowsBefore", JSON.valueToTree(runtimeBefore));
      checks.set("runtimeRowsAfter", JSON.valueToTree(runtimeAfter));
      checks.put("heapAfterGcBeforeKb", heapBefore);
      checks.put("heapAfterGcAfterKb", heapAfter);
      checks.put("heapAllowedKb", heapAllowed);
      checks.put("heapAtRest", heapAtRest);
      checks.put("heapInfoAfter", heapInfo.trim());
      ObjectNode rows = out.putObject("historyRowsPerJob");
      historyBefore.forEach((t, n) -> {
        if (n >= 0 && historyAfter.get(t) >= 0) {
          rows.put(t, ThroughputBenchmark.round((historyAfter.get(t) - n) / (double) count, 2));
        }
      });
      JsonNode b3Result = b3 == null || !Files.exists(b3) ? null : JSON.readTree(b3.toFile());
      Double b3Rate = b3Rate(b3Result, "jobnetOneAgent");
      ObjectNode baseline = out.putObject("baselineB3");
      if (b3Rate != null) {
        baseline.put("file", b3.toString()).put("date", b3Result.path("date").asText())
            .put("jobsPerSecond", b3Rate).put("sustainedToB3", ThroughputBenchmark.round(sustained / b3Rate, 3));
      } else {
        baseline.put("file", b3 == null ? null : b3.toString()).put("note", "no B3 result: run benchmarks/run b3 first");
      }
      out.putObject("target").put("sustainedToB3", 0.8).put("startLatencyP99Ms", 250);

      // the same burst of plain Camunda: what the engine itself pays to start and end an instance per task
      ObjectNode plain = null;
      if (plainBurst) {
        System.err.println("B5: plain Camunda, warming up (" + warm + " starts of a one-task process)...");
        load.deployBpmn("b5-plain", Map.of("b5plainwarm.bpmn", ThroughputBenchmark.plainBpmn("b5plainwarm", 1),
            "b5plain.bpmn", ThroughputBenchmark.plainBpmn("b5plain", 1)));
        try (ThroughputBenchmark.PlainWorkers workers = new ThroughputBenchmark.PlainWorkers(load, PLAIN_THREADS)) {
          load.start("b5plainwarm", warm, clients);
          load.awaitFinished("b5plainwarm", warm, Duration.ofMinutes(30));
          System.err.println("B5: plain Camunda, " + count + " starts of a one-task process from " + clients
              + " clients, " + PLAIN_THREADS + "-thread client...");
          plain = ThroughputBenchmark.measure(system, List.of(system.enginePid()), load, meter, "b5plain", count, 1,
              clients, List.of());
          plain.put("clientThreads", PLAIN_THREADS).put("clientErrors", workers.errors.get());
        }
        out.set("plain", plain);
        double plainRate = plain.get("perSecond").asDouble();
        out.put("sustainedToPlainBurst", ThroughputBenchmark.round(sustained / plainRate, 3));
        Double b3PlainRate = b3Rate(b3Result, "plain");
        if (b3PlainRate != null) {
          baseline.put("plainTasksPerSecond", b3PlainRate)
              .put("plainBurstToPlainChain", ThroughputBenchmark.round(plainRate / b3PlainRate, 3));
        }
      }
      out.put("loadAverageAtEnd", CpuMeter.loadAverage());
      out.put("logs", dir.toString());
      Files.createDirectories(result.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);

      System.out.printf("B5: %d starts from %d clients in %.1f s: %.1f starts/s; start latency %s (target p99 < 250 ms)%n",
          count, clients, (lastAnswer - firstStart) / 1000.0, startsPerSecond, latency);
      System.out.printf("B5: sustained %.2f jobs/s (%d jobs, first start to last end %.1f s)%s%n", sustained, count,
          (lastEnd - firstStart) / 1000.0, b3Rate == null ? "; no B3 result to compare with"
              : String.format("; %.0f %% of B3's %.2f jobs/s (target >= 80 %%)", 100 * sustained / b3Rate, b3Rate));
      System.out.printf("B5: CPU per job: engine %.1f ms (of which its JIT compilers %.1f ms), agent %.1f ms,"
          + " PostgreSQL %.1f ms (this database and the server's own: %.1f ms)%n", (double) engineMs / count,
          (double) (jit1 - jit0) / count, (double) (agent1 - agent0) / count,
          (double) pgAll / count, (double) pgOwn / count);
      System.out.printf("B5: all SUCCEEDED %s %s; external tasks left %d, instances running %d, incidents %d%n",
          allSucceeded, outcomes, externalTasks, running, incidents);
      System.out.printf("B5: runtime tables at rest %s: before %s, after %s%n", tablesAtRest, runtimeBefore,
          runtimeAfter);
      System.out.printf("B5: engine heap after a full GC: before %.1f MB, after %.1f MB (allowed %.1f MB): at rest %s%n",
          heapBefore / 1024.0, heapAfter / 1024.0, heapAllowed / 1024.0, heapAtRest);
      if (plain != null) {
        System.out.printf("B5: plain Camunda, the same burst of one-task instances: %.2f tasks/s; ours %.0f %% of it;"
            + " CPU per task: engine %.1f ms (JIT %.1f ms), PostgreSQL %.1f ms%s%n", plain.get("perSecond").asDouble(),
            100 * out.get("sustainedToPlainBurst").asDouble(), plain.get("engineCpuMsPerJob").asDouble(),
            plain.get("engineJitCpuMsPerJob").asDouble(), plain.get("postgresCpuMsPerJob").asDouble(),
            baseline.has("plainBurstToPlainChain") ? String.format("; plain's burst is %.0f %% of plain's B3 chain"
                + " (%.2f tasks/s)", 100 * baseline.get("plainBurstToPlainChain").asDouble(),
                baseline.get("plainTasksPerSecond").asDouble()) : "");
      }
      System.out.printf("B5: load average at start %s, at end %s; logs in %s%n", out.get("loadAverageAtStart").asText(),
          out.get("loadAverageAtEnd").asText(), dir);
    }
  }

  /** Waits (a short while) until no instance runs and no external task is left, as after a warm-up. */
  static void awaitRest(EngineLoad load, Duration timeout) {
    Await.until("no instance running and no external task left", timeout,
        () -> load.count("/engine-rest/process-instance/count") == 0
            && load.count("/engine-rest/external-task/count") == 0);
    // the start markers of ended jobs go with the engine's next sweep (StuckJobs.forgetSettled), not with
    // the job: the resting size the burst is compared with has none
    Await.until("the start markers of the ended jobs swept", timeout,
        () -> load.rows(List.of("jobnet_start_marker")).get("jobnet_start_marker") == 0);
  }

  /** The runtime rows once they are back to {@code resting} (or, after the timeout, as they are then). */
  static Map<String, Long> awaitRows(EngineLoad load, Map<String, Long> resting, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> rows = load.rows(EngineLoad.RUNTIME_TABLES);
    while (!rows.equals(resting) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      rows = load.rows(EngineLoad.RUNTIME_TABLES);
    }
    return rows;
  }

  /** The used heap (survivors, eden, old generation) of a JVM in KB right after a full GC ({@code jcmd GC.run}). */
  static long heapAfterGcKb(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    String[] lines = s.trim().split("\n");
    if (lines.length < 2) {
      throw new IllegalStateException("jstat -gc " + pid + ": " + s);
    }
    List<String> header = Arrays.asList(lines[0].trim().split("\\s+"));
    String[] values = lines[1].trim().split("\\s+");
    double used = 0;
    for (String c : List.of("S0U", "S1U", "EU", "OU")) {
      used += Double.parseDouble(values[header.indexOf(c)]);
    }
    return Math.round(used);
  }

  static String jcmd(long pid, String command) {
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return s;
    } catch (IOException e) {
      return "jcmd failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "jcmd interrupted";
    }
  }

  /** The rate of a phase of B3's median round ({@code jobnetOneAgent}, {@code plain}), when a B3 result exists. */
  private static Double b3Rate(JsonNode b3Result, String phase) {
    if (b3Result == null) {
      return null;
    }
    JsonNode rate = b3Result.path(phase).path("perSecond");
    return rate.isNumber() ? rate.asDouble() : null;
  }
}
