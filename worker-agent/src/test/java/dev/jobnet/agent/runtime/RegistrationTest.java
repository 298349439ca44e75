package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.journal.JobPhase;
import dev.jobnet.agent.journal.JobRecord;
import dev.jobnet.agent.journal.Journal;
import dev.jobnet.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry reports and the status file an operator reads on the agent's machine. */
class RegistrationTest {

  @TempDir
  Path work;

  private final RecordingEngine engine = new RecordingEngine();
  private final SettableClock clock = SettableClock.at("2026-12-05T10:00:00Z");

  private AgentConfig config(Path workDir) {
    return new AgentConfig("http://engine.test:8080/engine-rest", null, null, "batch-1-a", List.of("batch-1"),
        4, workDir, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(30),
        Duration.ofSeconds(5), List.of());
  }

  private static JobRecord started(String taskId) {
    return new JobRecord(taskId, "jobnet.batch-1", "load", "run-7", "/opt/load.sh", 2, 3,
        Instant.parse("2026-12-05T09:59:00Z").toEpochMilli(), 4242L, 1L, "boot", JobPhase.STARTED, null, null, null,
        null, null, null, "root-1", "/daily/load");
  }

  private JsonNode status() throws Exception {
    return new ObjectMapper().readTree(Files.readString(work.resolve(StatusFile.NAME)));
  }

  @Test
  void eachReportLeavesAStatusFileWithTheAgentItsContactWithTheEngineAndItsJobs() throws Exception {
    Journal journal = new Journal(work);
    journal.write(started("task-3"));
    Registration registration = new Registration(config(work), engine, journal, clock);

    registration.report();

    JsonNode status = status();
    assertThat(status.get("agent").asText()).isEqualTo("batch-1-a");
    assertThat(status.get("servers").get(0).asText()).isEqualTo("batch-1");
    assertThat(status.get("capacity").asInt()).isEqualTo(4);
    assertThat(status.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(status.get("state").asText()).isEqualTo("RUNNING");
    assertThat(status.get("updatedAt").asText()).isEqualTo("2026-12-05T10:00:00Z");
    assertThat(status.get("engine").get("url").asText()).isEqualTo("http://engine.test:8080/engine-rest");
    assertThat(status.get("engine").get("registry").asText()).isEqualTo("registered");
    assertThat(status.get("engine").get("lastContact").asText()).isEqualTo("2026-12-05T10:00:00Z");
    JsonNode job = status.get("jobs").get(0);
    assertThat(job.get("taskId").asText()).isEqualTo("task-3");
    assertThat(job.get("rootRunId").asText()).isEqualTo("root-1");
    assertThat(job.get("runId").asText()).isEqualTo("run-7");
    assertThat(job.get("jobPath").asText()).isEqualTo("/daily/load");
    assertThat(job.get("attempt").asInt()).isEqualTo(2);
    assertThat(job.get("phase").asText()).isEqualTo("STARTED");
    assertThat(job.get("pid").asLong()).isEqualTo(4242L);
    assertThat(job.get("claimedAt").asText()).isEqualTo("2026-12-05T09:59:00Z");
    assertThat(work.resolve(StatusFile.NAME + ".tmp")).doesNotExist();
  }

  @Test
  void whenTheEngineIsOutOfReachTheFileSaysSoAndKeepsTheLastContact() throws Exception {
    Registration registration = new Registration(config(work), engine, new Journal(work), clock);
    registration.report();
    engine.registryDown = true;
    clock.set(Instant.parse("2026-12-05T10:00:30Z"));

    registration.report();

    JsonNode status = status();
    assertThat(status.get("engine").get("registry").asText()).startsWith("not registered: engine unreachable");
    assertThat(status.get("engine").get("lastContact").asText()).isEqualTo("2026-12-05T10:00:00Z");
    assertThat(status.get("updatedAt").asText()).isEqualTo("2026-12-05T10:00:30Z");
    assertThat(status.get("jobs")).isEmpty();
  }

  @Test
  void aStoppedAgentSaysItStopped() throws Exception {
    Registration registration = new Registration(config(work), engine, new Journal(work), clock);
    registration.stopped();
    assertThat(status().get("state").asText()).isEqualTo("STOPPED");
    assertThat(status().get("engine").get("registry").asText()).isEqualTo("stopped");
  }

  @Test
  void aStatusFileThatCannotBeWrittenIsNoReasonToStop() throws Exception {
    Path notADirectory = Files.writeString(work.resolve("occupied"), "a file where the work dir should be");
    Registration registration = new Registration(config(notADirectory), engine, new Journal(work), clock);
    assertThatCode(registration::report).doesNotThrowAnyException();
    assertThat(engine.calls).contains("report 0");
  }
}
