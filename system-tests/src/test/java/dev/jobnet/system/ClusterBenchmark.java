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
 * B9 of the design's benchmarks: two engine nodes on one PostgreSQL database, one agent with its
 * default settings (a 20 s long poll) on node B only. Measures, from the start request to the first
 * job's process start, runs started on node B (the agent's) against runs started on node A: without
 * the cross-node wake-up the second waited for the agent's long poll to time out. Then B4's gap in a
 * sequential chain started on node A, both nodes' job executors running.
 *
 * <p>Run with {@code benchmarks/run b9}; arguments: runs per node, jobs in the chain, the result file;
 * {@code B9_WAKE_UP=OFF} turns the cross-node wake-up off, to compare.
 */
final class ClusterBenchmark {

  private ClusterBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    int jobs = Integer.parseInt(args[1]);
    Path result = Path.of(args[2]).toAbsolutePath();
    Path dir = JobnetSystem.logDirectory(ClusterBenchmark.class);
    Path stamps = dir.resolve("stamps");
    Path job = dir.resolve("stamp.sh");
    Files.writeString(job, "#!/bin/sh\ns=$(date +%s%N)\necho \"$MM_ROOT_JOBNET_ID $s $(date +%s%N)\" >> " + stamps
        + "\n");
    job.toFile().setExecutable(true);
    // B9_WAKE_UP=OFF measures the cluster without the cross-node wake-up, for comparison
    String wakeUp = System.getenv().getOrDefault("B9_WAKE_UP", "AUTO");
    try (JobnetSystem system = new JobnetSystem(dir, false, Map.of("JOBNET_CLUSTER_WAKE_UP", wakeUp))) {
      JobnetSystem.EngineNode nodeB = system.startNode("b");
      system.deploy(LatencyBenchmark.chain("b9one", "b9", 1, job)
          + LatencyBenchmark.chain("b9chain", "b9", jobs, job).replaceFirst("jobnets:\n", ""));
      system.startAgent("b9-agent", Map.of("JOBNET_AGENT_SERVERS", "b9", "JOBNET_AGENT_HEARTBEAT", "5",
          "JOBNET_AGENT_LOCK", "30", "JOBNET_AGENT_LONG_POLL", "20", "JOBNET_ENGINE_URL", nodeB.engineUrl()));
      System.err.println("B9: warming up (" + runs + " runs on each node)...");
      firstJobLatencies(system, nodeB, runs, stamps);
      firstJobLatencies(system, null, runs, stamps);
      System.err.println("B9: " + runs + " runs started on node B (the agent's), then " + runs + " on node A...");
      List<Double> sameNode = firstJobLatencies(system, nodeB, runs, stamps);
      List<Double> otherNode = firstJobLatencies(system, null, runs, stamps);
      System.err.println("B9: a chain of " + jobs + " jobs started on node A...");
      String chain = system.start("b9chain", Map.of());
      JsonNode tree = system.awaitEndQuietly(chain, Duration.ofMinutes(30));
      if (!"SUCCEEDED".equals(tree.get("outcome").asText())) {
        throw new AssertionError("the chain did not succeed: " + tree);
      }
      List<Double> gaps = LatencyBenchmark.gaps(Files.readAllLines(stamps), chain);

      ObjectMapper json = new ObjectMapper();
      ObjectNode out = json.createObjectNode();
      out.put("benchmark", "B9");
      out.put("date", Instant.now().toString());
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.put("runsPerNode", runs);
      out.put("wakeUp", wakeUp);
      out.set("firstJobSameNodeMs", Stats.of(sameNode).toJson(json));
      out.set("firstJobOtherNodeMs", Stats.of(otherNode).toJson(json));
      out.put("chainJobs", jobs);
      out.set("chainGapMs", Stats.of(gaps).toJson(json));
      out.putObject("target").put("medianMs", 50).put("p99Ms", 250)
          .put("meaning", "the other node adds no long-poll timeout: its first-job figures within B4's targets of"
              + " the same node's; the chain's gaps within B4's targets");
      Files.createDirectories(result.getParent());
      json.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);
      System.out.printf("B9: start request -> first job started, run started on the agent's node: %s%n",
          Stats.of(sameNode));
      System.out.printf("B9: the same, run started on the other node: %s%n", Stats.of(otherNode));
      System.out.printf("B9: gap between jobs of a %d-job chain started on the other node: %s%n", jobs,
          Stats.of(gaps));
      System.out.printf("B9: logs in %s%n", dir);
    }
  }

  /** Starts {@code runs} one-job runs one after the other on {@code node} (null: the first node); ms to each job's start. */
  private static List<Double> firstJobLatencies(JobnetSystem system, JobnetSystem.EngineNode node, int runs,
      Path stamps) throws Exception {
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long wall0 = System.currentTimeMillis();
      String run = node == null ? system.start("b9one", Map.of()) : system.start(node, "b9one", Map.of());
      long started = Await.until("the job of run " + run + " to start", Duration.ofSeconds(60), () -> {
        for (String line : lines(stamps)) {
          String[] f = line.trim().split(" ");
          if (f.length == 3 && f[0].equals(run)) {
            return java.util.Optional.of(Long.parseLong(f[1]));
          }
        }
        return java.util.Optional.empty();
      });
      // the job's stamp is the machine's wall clock in ns, as is wall0 in ms
      latencies.add((started / 1e6) - wall0);
      system.awaitEndQuietly(run, Duration.ofSeconds(60));
    }
    return latencies;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
