package dev.jobnet.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * B6 of the design's benchmarks, with the F18 expectations: a job writing 1 GiB to stdout, run by a
 * real agent (heap limited to 64 MB) against the real engine on PostgreSQL, set against {@code cat}
 * of the same bytes to a file in the same run. Measures the job's duration (its process, and the job
 * as the engine records it: from the task's creation to its completion, output shipping included),
 * the agent's heap (sampled with {@code jstat}), and checks that the outcome is right, that head and
 * tail of the log can be read, and that a log below the cap can be read whole.
 *
 * <p>Run with {@code benchmarks/run b6}; arguments: MiB to write, the result file.
 */
final class OutputBenchmark {

  private static final int LINE = 64;
  private static final long MIB = 1L << 20;

  private OutputBenchmark() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    Path result = Path.of(args.length > 1 ? args[1] : "b6.json").toAbsolutePath();
    Path dir = JobnetSystem.logDirectory(OutputBenchmark.class);
    long bytes = mib * MIB;
    Path data = dir.resolve("data.txt");
    Path small = dir.resolve("small.txt");
    System.err.println("B6: writing " + mib + " MiB of log lines...");
    writeLines(data, bytes);
    writeLines(small, 3 * MIB);
    Path times = dir.resolve("times");
    Path job = dir.resolve("big.sh");
    Files.writeString(job, "#!/bin/sh\ns=$(date +%s%N)\ncat " + data + "\necho \"$s $(date +%s%N)\" > " + times + "\n");
    Path smallJob = dir.resolve("small.sh");
    Files.writeString(smallJob, "#!/bin/sh\ncat " + small + "\n");
    job.toFile().setExecutable(true);
    smallJob.toFile().setExecutable(true);

    List<Double> cat = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    // the engine app's defaults (an agent offline after 15 s), as the agent runs with its own (heartbeat 5 s):
    // the tests' watchdog (offline after 3 s) took this agent for dead between its heartbeats
    try (JobnetSystem system = new JobnetSystem(dir, false, Map.of())) {
      system.deploy("""
          jobnets:
            b6:
              server: b6
              jobs:
                out: { run: %s, retry: 0 }
            b6small:
              server: b6
              jobs:
                small: { run: %s, retry: 0 }
          """.formatted(job, smallJob));
      JavaProcess agent = system.startAgent("b6-agent", Map.of("JOBNET_AGENT_SERVERS", "b6",
          "JOBNET_AGENT_HEARTBEAT", "5", "JOBNET_AGENT_LOCK", "30", "JOBNET_AGENT_LONG_POLL", "20"),
          List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
      Await.until("the agent to serve", Duration.ofMinutes(2), () -> {
        try {
          return agent.output().contains(" serving ");
        } catch (IOException e) {
          return false;
        }
      });
      // the baseline in the same conditions: engine and agent up and idle; twice before the job, twice after
      System.err.println("B6: baseline, cat to a file...");
      cat.add(catToFile(data, dir.resolve("copy.txt")));
      cat.add(catToFile(data, dir.resolve("copy.txt")));
      HeapSampler heap = new HeapSampler(agent.pid(), dir.resolve("jstat.txt"));
      System.err.println("B6: the job writes " + mib + " MiB to stdout on the agent...");
      String run = system.start("b6", Map.of());
      JsonNode tree = system.awaitEnd(run, Duration.ofMinutes(30));
      heap.stop();
      String heapInfo = jcmd(agent.pid(), "GC.heap_info");
      cat.add(catToFile(data, dir.resolve("copy.txt")));
      cat.add(catToFile(data, dir.resolve("copy.txt")));
      Stats catStats = Stats.of(cat);
      String[] span = Files.readString(times).trim().split(" ");
      double processMs = (Long.parseLong(span[1]) - Long.parseLong(span[0])) / 1e6;
      JsonNode activity = json.readTree(system.get("/engine-rest/history/activity-instance?processInstanceId=" + run
          + "&activityId=out").body()).get(0);
      double jobMs = activity.get("durationInMillis").asDouble();

      // F18: the outcome, the head and tail of the log, the whole of a log below the cap
      boolean outcome = "SUCCEEDED".equals(tree.get("outcome").asText());
      HttpResponse<String> log = system.get("/jobnet-api/runs/" + run + "/jobs/out/output/stdout");
      String body = log.body();
      String head = read(data, 0, 4096);
      String tail = read(data, bytes - 4096, 4096);
      boolean headAndTail = log.statusCode() == 200 && body.startsWith(head) && body.endsWith(tail)
          && body.contains(" bytes not kept] ");
      boolean counted = log.headers().firstValue("X-Jobnet-Total-Bytes").equals(java.util.Optional.of(
          Long.toString(bytes))) && log.headers().firstValue("X-Jobnet-Truncated").equals(java.util.Optional.of("true"));
      String smallRun = system.start("b6small", Map.of());
      system.awaitEnd(smallRun, Duration.ofMinutes(5));
      HttpResponse<String> smallLog = system.get("/jobnet-api/runs/" + smallRun + "/jobs/small/output/stdout");
      boolean whole = smallLog.statusCode() == 200 && smallLog.body().equals(Files.readString(small))
          && smallLog.headers().firstValue("X-Jobnet-Truncated").equals(java.util.Optional.of("false"));

      out.put("benchmark", "B6");
      out.put("date", Instant.now().toString());
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.put("bytes", bytes);
      out.set("catMs", catStats.toJson(json));
      out.put("jobProcessMs", Math.round(processMs));
      out.put("jobMs", Math.round(jobMs));
      out.put("ratioProcessToCat", round2(processMs / catStats.median()));
      out.put("ratioJobToCat", round2(jobMs / catStats.median()));
      ObjectNode h = out.putObject("agentHeap");
      h.put("xmxMb", 64);
      h.put("samples", heap.samples);
      h.put("maxUsedMb", round2(heap.maxUsedKb / 1024.0));
      h.put("maxCommittedMb", round2(heap.maxCommittedKb / 1024.0));
      h.put("heapInfoAfter", heapInfo.trim());
      out.putObject("f18").put("outcomeSucceeded", outcome).put("headAndTailReadable", headAndTail)
          .put("totalCountedAndTruncated", counted).put("logBelowCapReadWhole", whole)
          .put("bytesReturned", body.getBytes(StandardCharsets.UTF_8).length);
      out.putObject("target").put("ratioJobToCat", 2).put("agentHeapMb", 64);
      Files.createDirectories(result.getParent());
      json.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), out);

      System.out.printf("B6: cat of %d MiB to a file: %s%n", mib, catStats);
      System.out.printf("B6: the job on the agent: process %.0f ms (%.2f x cat), job as the engine records it %.0f ms"
          + " (%.2f x cat; target <= 2 x)%n", processMs, processMs / catStats.median(), jobMs,
          jobMs / catStats.median());
      System.out.printf("B6: agent heap (-Xmx64m): max used %.1f MB, max committed %.1f MB over %d samples%n",
          heap.maxUsedKb / 1024.0, heap.maxCommittedKb / 1024.0, heap.samples);
      System.out.printf("B6: F18 outcome SUCCEEDED %s, head and tail readable %s, total counted and truncated %s,"
          + " a 3 MiB log read whole %s%n", outcome, headAndTail, counted, whole);
      System.out.printf("B6: logs in %s%n", dir);
      if (!(outcome && headAndTail && counted && whole)) {
        throw new IllegalStateException("B6: F18 failed (results in " + result + "): outcome SUCCEEDED " + outcome
            + ", head and tail readable " + headAndTail + ", total counted and truncated " + counted
            + ", a 3 MiB log read whole " + whole);
      }
    } finally {
      Files.deleteIfExists(data);
      Files.deleteIfExists(dir.resolve("copy.txt"));
      deleteAgentOutput(dir);
    }
  }

  /** Numbered lines of {@value #LINE} bytes, {@code size} bytes in all. */
  private static void writeLines(Path file, long size) throws IOException {
    byte[] line = new byte[LINE];
    Arrays.fill(line, (byte) '.');
    line[LINE - 1] = '\n';
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (long n = 0; n < size / LINE; n++) {
        byte[] number = String.format("B6 line %012d ", n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(number, 0, line, 0, number.length);
        o.write(line);
      }
    }
  }

  private static double catToFile(Path data, Path copy) throws Exception {
    Files.deleteIfExists(copy);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("cat", data.toString()).redirectOutput(copy.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("cat failed");
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    Files.delete(copy);
    return ms;
  }

  private static String read(Path file, long from, int length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] b = new byte[length];
      f.seek(from);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static String jcmd(long pid, String command) {
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return s;
    } catch (IOException | InterruptedException e) {
      return "jcmd failed: " + e;
    }
  }

  private static void deleteAgentOutput(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().equals("stdout.log")).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** {@code jstat -gc PID 250}: heap used (survivors, eden, old) and committed, at their peaks. */
  private static final class HeapSampler {
    private final Process jstat;
    private final Path file;
    long maxUsedKb;
    long maxCommittedKb;
    int samples;

    HeapSampler(long pid, Path file) throws IOException {
      this.file = file;
      this.jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "250").redirectErrorStream(true)
          .redirectOutput(file.toFile()).start();
    }

    void stop() throws Exception {
      jstat.destroy();
      jstat.waitFor(10, TimeUnit.SECONDS);
      List<String> lines = Files.readAllLines(file);
      List<String> header = null;
      for (String line : lines) {
        List<String> f = Arrays.asList(line.trim().split("\\s+"));
        if (f.contains("EU")) {
          header = f;
          continue;
        }
        if (header == null || f.size() != header.size()) {
          continue;
        }
        double used = 0;
        double committed = 0;
        for (String c : List.of("S0U", "S1U", "EU", "OU")) {
          used += Double.parseDouble(f.get(header.indexOf(c)));
        }
        for (String c : List.of("S0C", "S1C", "EC", "OC")) {
          committed += Double.parseDouble(f.get(header.indexOf(c)));
        }
        maxUsedKb = Math.max(maxUsedKb, Math.round(used));
        maxCommittedKb = Math.max(maxCommittedKb, Math.round(committed));
        samples++;
      }
    }
  }
}
