package dev.jobnet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B4 of the design's benchmarks: the gap between a job's exit and the next job's process start in a
 * sequential jobnet, on the real engine (PostgreSQL) and a real agent with its default settings.
 * Each job's command writes a nanosecond time stamp when it starts and just before it ends; the gaps
 * are the differences. Baseline of the same run: plain external-task steps on the same engine
 * (complete, then fetch the next task) by a client without any jobnet protocol.
 *
 * <p>Run with {@code benchmarks/run b4}; arguments: jobs per chain, the result file; {@code B4_WARM_RUNS}
 * (30) runs of a 20-job chain warm up first.
 */
final class LatencyBenchmark {

  private LatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path result = Path.of(args.length > 1 ? args[1] : "b4.json").toAbsolutePath();
    Path dir = JobnetSystem.logDirectory(LatencyBenchmark.class);
    Path stamps = dir.resolve("stamps");
    Path job = dir.resolve("stamp.sh");
    Files.writeString(job, "#!/bin/sh\ns=$(date +%s%N)\necho \"$MM_ROOT_JOBNET_ID $s $(date +%s%N)\" >> " + stamps
        + "\n");
    job.toFile().setExecutable(true);
    // the engine app's defaults (an agent offline after 15 s), as the agent runs with its own (heartbeat 5 s):
    // the tests' watchdog (offline after 3 s) took this agent for dead between its heartbeats
    try (JobnetSystem system = new JobnetSystem(dir, false, Map.of())) {
      system.deploy(chain("b4warm", "b4", 20, job) + chain("b4chain", "b4", jobs, job).replaceFirst("jobnets:\n", "")
          + chain("b4plain", "b4plain", jobs, job).replaceFirst("jobnets:\n", ""));
      system.startAgent("b4-agent", Map.of("JOBNET_AGENT_SERVERS", "b4", "JOBNET_AGENT_HEARTBEAT", "5",
          "JOBNET_AGENT_LOCK", "30", "JOBNET_AGENT_LONG_POLL", "20"));
      // Warm-up: runs of the 20-job chain side by side, so that the JIT compilers are done with the
      // engine's and the agent's paths before the measured chain (20 jobs alone left them compiling).
      int warmRuns = ThroughputBenchmark.env("B4_WARM_RUNS", 30);
      System.err.println("B4: warming up (" + warmRuns + " runs of 20 jobs side by side)...");
      List<String> warm = new ArrayList<>();
      for (int i = 0; i < warmRuns; i++) {
        warm.add(system.start("b4warm", Map.of()));
      }
      for (String w : warm) {
        system.awaitEndQuietly(w, Duration.ofMinutes(10));
      }
      System.err.println("B4: " + jobs + " sequential jobs on the agent...");
      Instant t0 = Instant.now();
      String run = system.start("b4chain", Map.of());
      JsonNode tree = system.awaitEndQuietly(run, Duration.ofMinutes(30));
      long runMillis = Duration.between(t0, Instant.now()).toMillis();
      if (!"SUCCEEDED".equals(tree.get("outcome").asText())) {
        throw new AssertionError("the chain did not succeed: " + tree);
      }
      List<Double> gaps = gaps(Files.readAllLines(stamps), run);
      System.err.println("B4: baseline, plain external-task steps on the same engine...");
      List<Double> steps = plainSteps(system, jobs);

      ObjectMapper json = new ObjectMapper();
      ObjectNode out = json.createObjectNode();
      out.put("benchmark", "B4");
      out.put("date", Instant.now().toString());
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.put("jobs", jobs);
      out.put("runMs", runMillis);
      out.set("gapMs", Stats.of(gaps).toJson(json));
      out.set("plainStepMs", Stats.of(steps).toJson(json));
      out.putObject("target").put("medianMs", 50).put("p99Ms", 250);
      Files.createDirectories(result.getParent());
      json.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);
      System.out.printf("B4: gap between a job's exit and the next job's start over %d jobs: %s"
          + " (target: median < 50 ms, p99 < 250 ms)%n", jobs, Stats.of(gaps));
      System.out.printf("B4: baseline plain external-task step (complete, fetch the next): %s%n", Stats.of(steps));
      System.out.printf("B4: whole run of %d jobs %d ms; logs in %s%n", jobs, runMillis, dir);
    }
  }

  static String chain(String id, String server, int jobs, Path command) {
    StringBuilder yaml = new StringBuilder("jobnets:\n  " + id + ":\n    server: " + server + "\n    jobs:\n");
    for (int i = 1; i <= jobs; i++) {
      yaml.append(String.format("      j%03d: %s%n", i, command));
    }
    return yaml.toString();
  }

  /** Milliseconds from each job's end stamp to the next job's start stamp, in the run's order. */
  static List<Double> gaps(List<String> lines, String run) {
    List<long[]> spans = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.trim().split(" ");
      if (f.length == 3 && f[0].equals(run)) {
        spans.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    List<Double> gaps = new ArrayList<>();
    for (int i = 1; i < spans.size(); i++) {
      gaps.add((spans.get(i)[0] - spans.get(i - 1)[1]) / 1e6);
    }
    return gaps;
  }

  /** Milliseconds per plain step: complete a task of the chain, then fetch the next one. */
  private static List<Double> plainSteps(JobnetSystem system, int jobs) throws Exception {
    ObjectMapper json = new ObjectMapper();
    system.start("b4plain", Map.of());
    String fetch = "{\"workerId\":\"b4-plain-client\",\"maxTasks\":1,\"asyncResponseTimeout\":10000,"
        + "\"topics\":[{\"topicName\":\"jobnet.b4plain\",\"lockDuration\":60000}]}";
    JsonNode task = fetchOne(system, json, fetch);
    List<Double> steps = new ArrayList<>();
    for (int i = 1; i < jobs; i++) {
      long t0 = System.nanoTime();
      var done = system.post("/engine-rest/external-task/" + task.get("id").asText() + "/complete",
          "{\"workerId\":\"b4-plain-client\"}");
      if (done.statusCode() != 204) {
        throw new AssertionError("complete: " + done.statusCode() + " " + done.body());
      }
      task = fetchOne(system, json, fetch);
      steps.add((System.nanoTime() - t0) / 1e6);
    }
    system.post("/engine-rest/external-task/" + task.get("id").asText() + "/complete",
        "{\"workerId\":\"b4-plain-client\"}");
    return steps;
  }

  private static JsonNode fetchOne(JobnetSystem system, ObjectMapper json, String fetch) throws Exception {
    var r = system.post("/engine-rest/external-task/fetchAndLock", fetch);
    JsonNode tasks = json.readTree(r.body());
    if (r.statusCode() != 200 || tasks.size() != 1) {
      throw new AssertionError("fetchAndLock: " + r.statusCode() + " " + r.body());
    }
    return tasks.get(0);
  }
}
