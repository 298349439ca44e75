package dev.jobnet.system;

import dev.jobnet.agent.process.ProcessGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * B7 and B8 of the design's {@code benchmarks.md}, run by {@code benchmarks/run b7|b8} (not by the
 * test suite): the engine app and real agents as separate JVMs on PostgreSQL.
 *
 * <ul>
 *   <li>B7: an agent is SIGKILLed mid-job; time until the job's incident is visible over the engine's
 *       REST API. With the defaults (agent heartbeat 5 s, lock 30 s; offline after 15 s, watchdog every
 *       2 s) and with a short configuration (heartbeat 1 s, lock 10 s; offline after 4 s, every 1 s).
 *   <li>B8: force-stop of a running job (a shell with a child that ignores TERM and a {@code nohup}ed
 *       one), at a random moment of the agent's heartbeat interval; time from the request until the
 *       whole process group is gone, with the default agent settings (heartbeat 5 s, kill grace 5 s).
 *       Targets: every run within 6 s, the median within 4 s.
 * </ul>
 *
 * Arguments: {@code b7|b8 <runs> <result file>}.
 */
public final class OperatorBenchmark {

  private OperatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args[0];
    int runs = Integer.parseInt(args[1]);
    Path result = Path.of(args[2]);
    String json = switch (which) {
      case "b7" -> "{\"benchmark\":\"B7\",\"date\":\"" + java.time.Instant.now() + "\",\"cores\":"
          + Runtime.getRuntime().availableProcessors() + ",\"defaults\":"
          + detection(runs, Map.of(), Map.of("JOBNET_AGENT_HEARTBEAT", "5", "JOBNET_AGENT_LOCK", "30"))
          + ",\"short\":" + detection(runs, Map.of("JOBNET_AGENTS_OFFLINE_AFTER", "PT4S",
              "JOBNET_AGENTS_WATCHDOG_INTERVAL", "PT1S"), Map.of("JOBNET_AGENT_HEARTBEAT", "1", "JOBNET_AGENT_LOCK", "10"))
          + ",\"target\":{\"defaultsMs\":20000,\"shortMs\":5000}}";
      case "b8" -> "{\"benchmark\":\"B8\",\"date\":\"" + java.time.Instant.now() + "\",\"cores\":"
          + Runtime.getRuntime().availableProcessors() + ",\"command\":\"a shell with a child ignoring TERM and a"
          + " nohup'ed one\",\"defaults\":" + forceStop(runs) + ",\"target\":{\"maxMs\":6000,\"medianMs\":4000}}";
      default -> throw new IllegalArgumentException("b7 or b8");
    };
    Files.writeString(result, json + "\n");
    System.out.println(json);
    System.exit(0);
  }

  private static String detection(int runs, Map<String, String> engine, Map<String, String> agentSettings)
      throws Exception {
    Path dir = JobnetSystem.logDirectory(OperatorBenchmark.class);
    List<Long> times = new ArrayList<>();
    try (JobnetSystem system = new JobnetSystem(dir, false, engine)) {
      for (int i = 0; i < runs; i++) {
        String server = "b7-" + UUID.randomUUID().toString().substring(0, 8);
        Path pidFile = dir.resolve(server + ".pid");
        Path job = JobScripts.script(dir, server + ".sh", "echo $$ > " + pidFile + "; exec sleep 300");
        system.deploy(jobnet(server, job));
        Map<String, String> settings = new java.util.HashMap<>(agentSettings);
        settings.put("JOBNET_AGENT_SERVERS", server);
        JavaProcess agent = system.startAgent(server + "-agent", settings);
        String run = system.start(server, Map.of());
        long pid = awaitPid(pidFile);
        // the agent has reported the job once it runs: give it one heartbeat
        Thread.sleep(Long.parseLong(agentSettings.get("JOBNET_AGENT_HEARTBEAT")) * 1000L + 500);
        long t0 = System.nanoTime();
        agent.kill();
        Await.until("the incident of run " + run, Duration.ofSeconds(120), () -> {
          String body = system.get("/engine-rest/incident/count?processInstanceId=" + run).body();
          return body.contains("\"count\":1") ? Optional.of(true) : Optional.empty();
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        times.add(ms);
        System.err.printf(Locale.ROOT, "B7 run %d: incident visible %d ms after SIGKILL%n", i + 1, ms);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    return figures(times, engine, agentSettings);
  }

  private static String forceStop(int runs) throws Exception {
    Path dir = JobnetSystem.logDirectory(OperatorBenchmark.class);
    List<Long> times = new ArrayList<>();
    java.util.Random random = new java.util.Random(8);
    Map<String, String> agentSettings = Map.of("JOBNET_AGENT_HEARTBEAT", "5", "JOBNET_AGENT_LOCK", "30");
    try (JobnetSystem system = new JobnetSystem(dir, false, Map.of())) {
      String server = "b8-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> settings = new java.util.HashMap<>(agentSettings);
      settings.put("JOBNET_AGENT_SERVERS", server);
      system.startAgent(server + "-agent", settings);
      for (int i = 0; i < runs; i++) {
        String name = server + "-" + i;
        Path pidFile = dir.resolve(name + ".pid");
        Path childFile = dir.resolve(name + ".child");
        Path nohupFile = dir.resolve(name + ".nohup");
        Path job = JobScripts.script(dir, name + ".sh", "echo $$ > " + pidFile
            + "; (trap '' TERM; exec sleep 300) & echo $! > " + childFile
            + "; nohup sleep 300 >/dev/null 2>&1 & echo $! > " + nohupFile + "; wait");
        system.deploy(jobnet(name, job).replace("server: " + name, "server: " + server));
        String run = system.start(name, Map.of());
        long pid = awaitPid(pidFile);
        long child = awaitPid(childFile);
        long nohup = awaitPid(nohupFile);
        // an operator stops at any moment of the agent's heartbeat interval, not just after one
        Thread.sleep(random.nextInt(5000));
        long t0 = System.nanoTime();
        var r = system.post("/jobnet-api/runs/" + run + "/nodes/work/stop", "{\"reason\": \"B8\"}");
        if (r.statusCode() != 200) {
          throw new IllegalStateException("stop answered " + r.statusCode() + " " + r.body());
        }
        Await.until("process group of run " + run + " gone", Duration.ofSeconds(60),
            () -> gone(pid) && gone(child) && gone(nohup) ? Optional.of(true) : Optional.empty());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        times.add(ms);
        System.err.printf(Locale.ROOT, "B8 run %d: process group gone %d ms after the stop request%n", i + 1, ms);
      }
    }
    List<Long> sorted = times.stream().sorted().toList();
    boolean met = sorted.get(sorted.size() - 1) <= 6_000 && sorted.get(sorted.size() / 2) <= 4_000;
    String figures = figures(times, Map.of(), agentSettings);
    return figures.substring(0, figures.length() - 1) + ",\"withinTarget\":" + met + "}";
  }

  private static String jobnet(String name, Path job) {
    return """
        jobnets:
          %s:
            server: %s
            jobs:
              work: { run: %s, retry: 0 }
        """.formatted(name, name, job);
  }

  /**
   * Gone: no such process, or a zombie (it has exited and only waits to be reaped; in this sandbox
   * orphans are reaped by a PID 1 that does so about once a second).
   */
  private static boolean gone(long pid) {
    return !ProcessGroups.isRunning(pid);
  }


  private static long awaitPid(Path file) {
    return JobScripts.awaitPid(file, Duration.ofSeconds(120));
  }

  private static String figures(List<Long> times, Map<String, String> engine, Map<String, String> agent) {
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    long median = sorted.get(sorted.size() / 2);
    long max = sorted.get(sorted.size() - 1);
    return "{\"runs\":" + times.size() + ",\"medianMs\":" + median + ",\"maxMs\":" + max + ",\"allMs\":" + times
        + ",\"engine\":" + map(engine) + ",\"agent\":" + map(agent) + "}";
  }

  private static String map(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
    return b.append('}').toString();
  }
}
