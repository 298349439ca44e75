package dev.jobnet.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jobnet.agent.AgentConfig;
import dev.jobnet.agent.journal.JobRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own state, readable without the engine: {@code <work dir>/status.json}, written again at
 * every registry report (each heartbeat interval) and when the agent stops, whole or not at all (a
 * temp file renamed over it). Says who the agent is, whether the engine took its last report and
 * when it last did, and each job in its journal with its phase ({@code docs/agent.md}).
 */
final class StatusFile {

  static final String NAME = "status.json";
  private static final Logger LOG = LoggerFactory.getLogger(StatusFile.class);

  /** The whole file. Times are ISO-8601 UTC; {@code lastContact} is null until the engine first took a report. */
  record Status(String agent, List<String> servers, int capacity, long pid, String startedAt, String updatedAt,
      String state, Engine engine, List<Job> jobs) {}

  /** The engine as this agent last saw it. */
  record Engine(String url, String registry, String lastContact) {}

  /** A job of the journal: started, starting, claimed or finished and not yet reported. */
  record Job(String taskId, String rootRunId, String runId, String jobPath, String activityId, int attempt,
      String phase, Long pid, String claimedAt) {

    static Job of(JobRecord r) {
      return new Job(r.taskId(), r.rootRunId(), r.processInstanceId(), r.jobPath(), r.activityId(), r.attempt(),
          r.phase().name(), r.pid(), Instant.ofEpochMilli(r.claimedAt()).toString());
    }
  }

  private final AgentConfig config;
  private final Clock clock;
  private final Instant startedAt;
  private final Path file;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private boolean failing;

  StatusFile(AgentConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.file = config.workDir().resolve(NAME);
  }

  Path path() {
    return file;
  }

  /** Writes the file; a failure is logged once until a write succeeds again, never thrown. */
  void write(String state, String registry, Instant lastContact, List<JobRecord> journal) {
    List<Job> jobs = new ArrayList<>();
    journal.forEach(r -> jobs.add(Job.of(r)));
    Status status = new Status(config.name(), config.servers(), config.capacity(), ProcessHandle.current().pid(),
        startedAt.toString(), clock.instant().toString(), state,
        new Engine(config.engineUrl(), registry, lastContact == null ? null : lastContact.toString()), jobs);
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(NAME + ".tmp");
      json.writeValue(temp.toFile(), status);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      if (failing) {
        failing = false;
        LOG.info("status file {} written again", file);
      }
    } catch (IOException e) {
      if (!failing) {
        failing = true;
        LOG.warn("could not write the status file {} ({}); the agent goes on", file, e.getMessage());
      }
    }
  }
}
