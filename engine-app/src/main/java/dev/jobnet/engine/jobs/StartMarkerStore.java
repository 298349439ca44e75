package dev.jobnet.engine.jobs;

import dev.jobnet.engine.events.JobStarts;
import dev.jobnet.engine.jobs.StartMarker.SecondStart;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The start markers ({@code jobnet_start_marker}, Flyway {@code V10}): one row per external task an
 * agent started, with the agent, the attempt and the time, and the second start the re-delivery guard
 * stopped, if any. A row lives as long as its task: {@link #forgetEnded} removes the rows of tasks
 * that are gone (the watchdog calls it every round).
 *
 * <p>Plain rows written in the caller's transaction (inside an engine command, the command's: the
 * engine app's data source is transaction-aware), not a Camunda variable: no variable history, no
 * execution to load, one statement to read or write. The same statements run on H2 and PostgreSQL.
 */
@Component
public class StartMarkerStore implements JobStarts {

  private static final String MARKER_COLUMNS =
      "m.agent, m.attempt, m.started_at, m.second_agent, m.second_attempt, m.second_at, m.second_retries";

  /** A task and its marker, in one query: what the start marker endpoint needs to decide. */
  private static final String TASK = "SELECT t.ID_, t.WORKER_ID_, t.LOCK_EXP_TIME_, t.RETRIES_, t.EXECUTION_ID_,"
      + " t.PROC_INST_ID_, t.ACT_ID_, t.TENANT_ID_, e.ROOT_PROC_INST_ID_, " + MARKER_COLUMNS + ", t.CREATE_TIME_, t.PROC_DEF_ID_,"
      + " m.fetch_id"
      + " FROM ACT_RU_EXT_TASK t LEFT JOIN ACT_RU_EXECUTION e ON e.ID_ = t.PROC_INST_ID_"
      + " LEFT JOIN jobnet_start_marker m ON m.external_task_id = t.ID_ WHERE t.ID_ = ?";

  private static final String OF_TASK =
      "SELECT " + MARKER_COLUMNS + " FROM jobnet_start_marker m WHERE m.external_task_id = ?";

  /** The marker of the task a job's execution waits in (or, inside its completing command, waited in). */
  private static final String OF_JOB = "SELECT " + MARKER_COLUMNS + ", m.external_task_id FROM jobnet_start_marker m"
      + " JOIN ACT_RU_EXT_TASK t ON t.ID_ = m.external_task_id WHERE t.EXECUTION_ID_ = ? AND t.ACT_ID_ = ?";

  private static final String INSERT = "INSERT INTO jobnet_start_marker (external_task_id, execution_id,"
      + " process_instance_id, agent, attempt, started_at, second_agent, second_attempt, second_at, second_retries,"
      + " fetch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String SET = "UPDATE jobnet_start_marker SET agent = ?, attempt = ?, started_at = ?,"
      + " second_agent = ?, second_attempt = ?, second_at = ?, second_retries = ? WHERE external_task_id = ?";

  /**
   * The task of a job, as the start marker endpoint sees it.
   *
   * @param createTime when the task was created: when the job became ready for an agent (null for a
   *     task older than the engine's column)
   * @param markerFetchId the fetch that wrote the marker (null: none, or written by a start marker request)
   */
  public record Task(String id, String workerId, Instant lockExpiration, Integer retries, String executionId,
      String processInstanceId, String activityId, String tenantId, String rootProcessInstanceId,
      Optional<StartMarker> marker, Instant createTime, String processDefinitionId, String markerFetchId) {}

  private final JdbcTemplate jdbc;

  StartMarkerStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The external task and its marker; empty when there is no such task. */
  public Optional<Task> task(String taskId) {
    List<Task> found = jdbc.query(TASK, (rs, i) -> new Task(rs.getString(1), rs.getString(2), instant(rs, 3),
        (Integer) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
        rs.getString(9) != null ? rs.getString(9) : rs.getString(6), marker(rs, 10), instant(rs, 17),
        rs.getString(18), rs.getString(19)), taskId);
    return found.stream().findFirst();
  }

  /** The marker of a task, if an agent started it. */
  public Optional<StartMarker> of(String taskId) {
    if (taskId == null) {
      return Optional.empty();
    }
    return jdbc.query(OF_TASK, (rs, i) -> marker(rs, 1), taskId).stream().flatMap(Optional::stream).findFirst();
  }

  /**
   * The marker of the task job {@code activityId} waits in on execution {@code executionId}: inside
   * the command that completes the task too (its row is deleted when the command ends).
   */
  @Override
  public Optional<Start> ofJob(String executionId, String activityId) {
    if (executionId == null || activityId == null) {
      return Optional.empty();
    }
    return jdbc.query(OF_JOB, (rs, i) -> {
      String taskId = rs.getString(8);
      return marker(rs, 1).map(m -> start(taskId, m));
    }, executionId, activityId).stream().flatMap(Optional::stream).findFirst();
  }

  @Override
  public Optional<Start> ofTask(String externalTaskId) {
    return of(externalTaskId).map(m -> start(externalTaskId, m));
  }

  private static Start start(String taskId, StartMarker marker) {
    return new Start(taskId, marker.agent(), marker.attempt(), marker.startedAt());
  }

  /** Writes the first marker of a task; fails on the primary key if another was written meanwhile. */
  void insert(Task task, StartMarker marker) {
    insert(task, marker, null);
  }

  /** Writes the first marker of a task, written by fetch {@code fetchId} (null: by a start marker request). */
  void insert(Task task, StartMarker marker, String fetchId) {
    jdbc.update(INSERT, task.id(), task.executionId(), task.processInstanceId(), marker.agent(), marker.attempt(),
        Timestamp.from(marker.startedAt()), null, null, null, null, fetchId);
  }

  /**
   * Replaces whatever marker a task has (an earlier attempt's, or one of a fetch its agent never
   * received) with one written by fetch {@code fetchId}.
   */
  void replace(String taskId, StartMarker marker, String fetchId) {
    jdbc.update("UPDATE jobnet_start_marker SET agent = ?, attempt = ?, started_at = ?, second_agent = NULL,"
        + " second_attempt = NULL, second_at = NULL, second_retries = NULL, fetch_id = ? WHERE external_task_id = ?",
        marker.agent(), marker.attempt(), Timestamp.from(marker.startedAt()), fetchId, taskId);
  }

  /** The same worker fetched the same attempt again: the marker now belongs to fetch {@code fetchId}. */
  void refetched(String taskId, String fetchId) {
    jdbc.update("UPDATE jobnet_start_marker SET fetch_id = ? WHERE external_task_id = ?", fetchId, taskId);
  }

  /** The fetch that wrote a task's marker: empty when there is no marker or a request wrote it. */
  public Optional<String> fetchOf(String taskId) {
    return jdbc.query("SELECT fetch_id FROM jobnet_start_marker WHERE external_task_id = ?",
        (rs, i) -> Optional.ofNullable(rs.getString(1)), taskId).stream().flatMap(Optional::stream).findFirst();
  }

  /**
   * Replaces the marker of an earlier attempt; false when a marker of this attempt or a later one is
   * there already (written meanwhile by another request).
   */
  boolean replaceEarlier(String taskId, StartMarker marker) {
    return jdbc.update("UPDATE jobnet_start_marker SET agent = ?, attempt = ?, started_at = ?, second_agent = NULL,"
        + " second_attempt = NULL, second_at = NULL, second_retries = NULL, fetch_id = NULL"
        + " WHERE external_task_id = ? AND attempt < ?",
        marker.agent(), marker.attempt(), Timestamp.from(marker.startedAt()), taskId, marker.attempt()) > 0;
  }

  /** Rewrites a task's marker as it is now (the guard adds the second start). */
  void set(String taskId, StartMarker marker) {
    SecondStart s = marker.secondStart();
    jdbc.update(SET, marker.agent(), marker.attempt(), Timestamp.from(marker.startedAt()),
        s == null ? null : s.agent(), s == null ? null : s.attempt(), s == null ? null : Timestamp.from(s.at()),
        s == null ? null : s.retries(), taskId);
  }

  /** The tasks whose markers fetches {@code fetchIds} of {@code agent} wrote (and no later fetch took over). */
  public List<String> markedBy(String agent, Collection<String> fetchIds) {
    if (fetchIds.isEmpty()) {
      return List.of();
    }
    String in = String.join(", ", Collections.nCopies(fetchIds.size(), "?"));
    Object[] args = new Object[fetchIds.size() + 1];
    args[0] = agent;
    int i = 1;
    for (String id : fetchIds) {
      args[i++] = id;
    }
    return jdbc.queryForList("SELECT external_task_id FROM jobnet_start_marker WHERE agent = ? AND fetch_id IN (" + in
        + ")", String.class, args);
  }

  /** Removes a task's marker (the agent never started the command). */
  public void delete(String taskId) {
    jdbc.update("DELETE FROM jobnet_start_marker WHERE external_task_id = ?", taskId);
  }

  /** Removes the markers of tasks that are gone (completed, stopped, resolved); how many. */
  public int forgetEnded() {
    return jdbc.update("DELETE FROM jobnet_start_marker WHERE NOT EXISTS (SELECT 1 FROM ACT_RU_EXT_TASK t"
        + " WHERE t.ID_ = jobnet_start_marker.external_task_id)");
  }

  private static Optional<StartMarker> marker(ResultSet rs, int first) throws SQLException {
    String agent = rs.getString(first);
    if (agent == null) {
      return Optional.empty();
    }
    String secondAgent = rs.getString(first + 3);
    SecondStart second = secondAgent == null ? null : new SecondStart(secondAgent, rs.getInt(first + 4),
        instant(rs, first + 5), (Integer) rs.getObject(first + 6));
    return Optional.of(new StartMarker(agent, rs.getInt(first + 1), instant(rs, first + 2), second));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
