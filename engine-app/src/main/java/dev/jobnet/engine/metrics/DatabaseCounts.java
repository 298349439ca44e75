package dev.jobnet.engine.metrics;

import dev.jobnet.engine.agents.AgentCensus;
import dev.jobnet.engine.agents.AgentRegistry;
import dev.jobnet.engine.notify.OutboxStates;
import dev.jobnet.protocol.Topics;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The gauges' counts from the database, three small queries: the jobs of every server in one pass over
 * Camunda's external tasks grouped by topic ({@link #JOBS}), the agent registry ({@link
 * AgentRegistry#census}) and the outbox ({@link OutboxStates#count}).
 */
@Component
class DatabaseCounts implements CountsSource {

  /**
   * The job topics' external tasks, by topic: STUCK (retries 0, which is when Camunda has a {@code
   * failedExternalTask} incident on the task), RUNNING (otherwise locked by a worker until after {@code
   * now}) and all; PENDING is the rest. The same statement on H2 and PostgreSQL.
   */
  static final String JOBS = """
      SELECT TOPIC_NAME_,
        SUM(CASE WHEN RETRIES_ = 0 THEN 1 ELSE 0 END),
        SUM(CASE WHEN (RETRIES_ IS NULL OR RETRIES_ > 0) AND WORKER_ID_ IS NOT NULL AND LOCK_EXP_TIME_ > ?
          THEN 1 ELSE 0 END),
        COUNT(*)
      FROM ACT_RU_EXT_TASK WHERE TOPIC_NAME_ LIKE ? GROUP BY TOPIC_NAME_""";

  private final JdbcTemplate jdbc;
  private final AgentRegistry agents;
  private final OutboxStates outbox;

  DatabaseCounts(JdbcTemplate jdbc, AgentRegistry agents, OutboxStates outbox) {
    this.jdbc = jdbc;
    this.agents = agents;
    this.outbox = outbox;
  }

  @Override
  public EngineCounts read(Instant now) {
    Map<String, JobCounts> jobs = jobs(now);
    AgentCensus census = agents.census();
    return new EngineCounts(jobs, census.servers(), census.agents(), outbox.count());
  }

  /** The jobs of each server that has external tasks now. */
  Map<String, JobCounts> jobs(Instant now) {
    Map<String, JobCounts> jobs = new HashMap<>();
    jdbc.query(JOBS, (RowCallbackHandler) rs -> {
      String server = Topics.serverOf(rs.getString(1)).orElse(null);
      if (server != null) {
        long stuck = rs.getLong(2);
        long running = rs.getLong(3);
        long all = rs.getLong(4);
        jobs.merge(server, new JobCounts(all - stuck - running, running, stuck),
            (a, b) -> new JobCounts(a.pending() + b.pending(), a.running() + b.running(), a.stuck() + b.stuck()));
      }
    }, Timestamp.from(now), Topics.PREFIX + "%");
    return jobs;
  }
}
