package dev.jobnet.engine.semantics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Reads and writes {@code jobnet_node_state} on the connection of the engine command that is running,
 * so states commit and roll back with the engine's own changes, and a state written earlier in the
 * same command (a chain of skips) is seen at once. One small statement per method. Every state
 * recorded is told to the {@link SemanticsListener} (the event log), in the same command.
 */
public final class NodeStateStore {

  /** Upstream and scope ids are looked up in chunks of this many. */
  static final int IN_CHUNK = 200;

  private static final String SELECT_STATE =
      "SELECT state FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?";
  private static final String UPDATE_STATE =
      "UPDATE jobnet_node_state SET state = ?, reason = ?, updated_at = ? WHERE process_instance_id = ? AND element_id = ?";
  private static final String INSERT_STATE = "INSERT INTO jobnet_node_state"
      + " (process_instance_id, element_id, root_instance_id, kind, state, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

  /** A state to record for one node of a run. */
  public record Entry(String processInstanceId, String elementId, String rootInstanceId, NodeKind kind,
      JobState state, String reason) {}

  /** Null: the listener of the engine whose command is running. */
  private final SemanticsListener listener;

  /**
   * A store that tells the listener the {@link JobnetSemanticsPlugin} of the engine was given (the
   * engine whose command it runs in).
   */
  public NodeStateStore() {
    this.listener = null;
  }

  public NodeStateStore(SemanticsListener listener) {
    this.listener = listener;
  }

  public Optional<JobState> state(String processInstanceId, String elementId) {
    try (PreparedStatement ps = connection().prepareStatement(SELECT_STATE)) {
      ps.setString(1, processInstanceId);
      ps.setString(2, elementId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(JobState.valueOf(rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the state of " + elementId, e);
    }
  }

  /** The reason recorded with a node's state, if any. */
  public Optional<String> reason(String processInstanceId, String elementId) {
    try (PreparedStatement ps = connection().prepareStatement(
        "SELECT reason FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?")) {
      ps.setString(1, processInstanceId);
      ps.setString(2, elementId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the reason of " + elementId, e);
    }
  }

  /** The recorded states of those of {@code elementIds} that have one. */
  public Map<String, JobState> states(String processInstanceId, Collection<String> elementIds) {
    Map<String, JobState> result = new HashMap<>();
    Iterator<String> it = elementIds.iterator();
    while (it.hasNext()) {
      List<String> chunk = new java.util.ArrayList<>(IN_CHUNK);
      while (it.hasNext() && chunk.size() < IN_CHUNK) {
        chunk.add(it.next());
      }
      String sql = "SELECT element_id, state FROM jobnet_node_state WHERE process_instance_id = ? AND element_id IN ("
          + "?,".repeat(chunk.size() - 1) + "?)";
      try (PreparedStatement ps = connection().prepareStatement(sql)) {
        ps.setString(1, processInstanceId);
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 2, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.put(rs.getString(1), JobState.valueOf(rs.getString(2)));
          }
        }
      } catch (SQLException e) {
        throw failure("read the states of " + chunk, e);
      }
    }
    return result;
  }

  /** Records a state, replacing an earlier one of the same node. */
  public void record(Entry entry) {
    record(entry, null);
  }

  /**
   * Records a state, replacing an earlier one of the same node, and tells the listener.
   *
   * @param execution the execution the state comes from (ended, skipped), or null
   */
  public void record(Entry entry, DelegateExecution execution) {
    JobState previous = state(entry.processInstanceId(), entry.elementId()).orElse(null);
    write(entry);
    listener().stateRecorded(new SemanticsListener.StateRecorded(entry, previous, execution));
  }

  private SemanticsListener listener() {
    if (listener != null) {
      return listener;
    }
    ProcessEngineConfigurationImpl engine = Context.getProcessEngineConfiguration();
    return JobnetSemanticsPlugin.listenerOf(engine == null ? null : engine.getProcessEngineName());
  }

  private void write(Entry entry) {
    Timestamp now = new Timestamp(ClockUtil.getCurrentTime().getTime());
    String reason = entry.reason() == null ? null : truncate(entry.reason(), 4000);
    try (PreparedStatement update = connection().prepareStatement(UPDATE_STATE)) {
      update.setString(1, entry.state().name());
      update.setString(2, reason);
      update.setTimestamp(3, now);
      update.setString(4, entry.processInstanceId());
      update.setString(5, entry.elementId());
      if (update.executeUpdate() > 0) {
        return;
      }
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
    try (PreparedStatement insert = connection().prepareStatement(INSERT_STATE)) {
      insert.setString(1, entry.processInstanceId());
      insert.setString(2, entry.elementId());
      insert.setString(3, entry.rootInstanceId());
      insert.setString(4, entry.kind().name());
      insert.setString(5, entry.state().name());
      insert.setString(6, reason);
      insert.setTimestamp(7, now);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static Connection connection() {
    CommandContext context = Context.getCommandContext();
    if (context == null) {
      throw new IllegalStateException("jobnet states are written inside engine commands only");
    }
    return context.getDbSqlSession().getSqlSession().getConnection();
  }

  private static ProcessEngineException failure(String what, SQLException e) {
    return new ProcessEngineException("jobnet: could not " + what + ": " + e.getMessage(), e);
  }
}
