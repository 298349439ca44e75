package dev.jobnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F17 at a size the suite can afford: a burst of 1,000 starts of a one-job root jobnet over the
 * engine REST API from 8 concurrent clients, one agent of capacity 16. Every run SUCCEEDED, nothing
 * is left locked or pending, and every command ran exactly once (the job's script appends its root
 * run's id to a file). {@code benchmarks/run b5} is the same at 10,000 starts, with figures.
 */
class BurstSystemTest {

  private static final int STARTS = 1_000;
  private static final int CLIENTS = 8;
  /** Generous: about 9 jobs/s on a slow 2-core machine before the throughput work. */
  private static final Duration COMPLETION = Duration.ofMinutes(10);

  @TempDir
  Path dir;

  @Test
  void aThousandStartsFromEightClientsAllSucceedEachCommandRunsOnceAndNothingIsLeft() throws Exception {
    try (JobnetSystem system = new JobnetSystem(JobnetSystem.logDirectory(BurstSystemTest.class))) {
      // given
      Path job = JobScripts.script(dir, "once.sh", "exit 0");
      system.deploy("""
          jobnets:
            burst:
              server: burst
              jobs:
                once: %s
          """.formatted(job));
      JavaProcess agent = system.startAgent("burst-agent", Map.of("JOBNET_AGENT_SERVERS", "burst",
          "JOBNET_AGENT_CAPACITY", "16"));
      Await.until("the agent to serve", Duration.ofMinutes(2), () -> {
        try {
          return agent.output().contains(" serving ");
        } catch (IOException e) {
          return false;
        }
      });
      EngineLoad load = new EngineLoad(system);

      // when
      List<EngineLoad.Start> starts = load.start("burst", STARTS, CLIENTS);
      load.awaitFinished("burst", STARTS, COMPLETION);

      // then: every run SUCCEEDED
      Set<String> started = new HashSet<>();
      starts.forEach(s -> started.add(s.id()));
      assertThat(started).hasSize(STARTS);
      assertThat(outcomes(load)).hasSize(STARTS).containsOnlyKeys(started)
          .allSatisfy((run, outcome) -> assertThat(outcome).as("outcome of run %s", run).isEqualTo("SUCCEEDED"));
      // nothing locked or pending
      assertThat(load.count("/engine-rest/external-task/count")).isZero();
      assertThat(load.count("/engine-rest/process-instance/count?processDefinitionKey=burst")).isZero();
      assertThat(load.count("/engine-rest/incident/count")).isZero();
      // the start markers went with their tasks (the watchdog's round forgets those of tasks that are gone)
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (load.rows(List.of("jobnet_start_marker")).get("jobnet_start_marker") != 0) {
        assertThat(System.nanoTime()).as("start markers left after 30 s: %s",
            load.rows(List.of("jobnet_start_marker"))).isLessThan(deadline);
        Thread.sleep(200);
      }
      // each command ran exactly once, as the first attempt of its run
      List<String> runs = JobScripts.runs(dir, "once.sh");
      Map<String, Integer> perRoot = new HashMap<>();
      for (String line : runs) {
        String[] f = line.trim().split(" ");
        assertThat(f[0]).as("attempt in '%s'", line).isEqualTo("1");
        perRoot.merge(f[1], 1, Integer::sum);
      }
      assertThat(perRoot).allSatisfy((root, n) -> assertThat(n).as("runs of the command of %s", root).isEqualTo(1));
      assertThat(perRoot.keySet()).isEqualTo(started);
      assertThat(runs).hasSize(STARTS);
    }
  }

  /** The finished root runs of {@code burst} from the run list API: id -> outcome. */
  private static Map<String, String> outcomes(EngineLoad load) {
    Map<String, String> outcomes = new HashMap<>();
    for (int first = 0; ; first += 500) {
      JsonNode page = load.get("/jobnet-api/runs?jobnet=burst&state=finished&max=500&first=" + first);
      for (JsonNode run : page.get("runs")) {
        outcomes.put(run.get("id").asText(), run.get("outcome").asText());
      }
      if (page.get("runs").size() < 500) {
        return outcomes;
      }
    }
  }
}
