package dev.jobnet.engine.semantics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>What the command wrote, and what it read that no other command can change meanwhile, is
 * remembered for the rest of the command ({@link NodeStateMemory}): such a row is not read again,
 * and a write knows whether to UPDATE or INSERT. A row the memory does not know is inserted unless
 * it exists (one statement), and only when it exists read and updated.
 */
public final class NodeStateStore {

  /** Upstream and scope ids are looked up in chunks of this many. */
  static final int IN_CHUNK = 200;

  private static final String SELECT_STATE =
      "SELECT state, kind FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?";
  private static final String UPDATE_STATE =
      "UPDATE jobnet_node_state SET state = ?, reason = ?, updated_at = ? WHERE process_instance_id = ? AND element_id = ?";
  private static final String INSERT_STATE = "INSERT INTO jobnet_node_state"
      + " (process_instance_id, element_id, root_instance_id, kind, state, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
  /**
   * The parameters of the select list are cast to their types (H2 and PostgreSQL need them there),
   * without lengths: a cast to a length would cut a value the column refuses, as the plain INSERT does.
   */
  private static final String INSERT_STATE_IF_ABSENT = "INSERT INTO jobnet_node_state"
      + " (process_instance_id, element_id, root_instance_id, kind, state, reason, updated_at)"
      + " SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
      + " CAST(? AS VARCHAR), CAST(? AS TIMESTAMP)"
      + " WHERE NOT EXISTS (SELECT 1 FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?)";

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
    NodeStateMemory memory = memory();
    Optional<NodeStateMemory.Known> known = memory.get(processInstanceId, elementId);
    if (known.isPresent()) {
      return Optional.of(known.get().state());
    }
    return read(memory, processInstanceId, elementId);
  }

  /** The state in the database (not the memory's), remembered if it may be. */
  private Optional<JobState> read(NodeStateMemory memory, String processInstanceId, String elementId) {
    try (PreparedStatement ps = connection().prepareStatement(SELECT_STATE)) {
      ps.setString(1, processInstanceId);
      ps.setString(2, elementId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        JobState state = JobState.valueOf(rs.getString(1));
        memory.read(processInstanceId, elementId, NodeKind.valueOf(rs.getString(2)), state);
        return Optional.of(state);
      }
    } catch (SQLException e) {
      throw failure("read the state of " + elementId, e);
    }
  }

  /** The reason recorded with a node's state, if any. */
  public Optional<String> reason(String processInstanceId, String elementId) {
    Optional<NodeStateMemory.Known> known = memory().get(processInstanceId, elementId);
    if (known.isPresent() && known.get().written()) {
      return Optional.ofNullable(known.get().reason());
    }
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
    NodeStateMemory memory = memory();
    Map<String, JobState> result = new HashMap<>();
    Set<String> unknown = new LinkedHashSet<>();
    for (String id : elementIds) {
      Optional<NodeStateMemory.Known> known = memory.get(processInstanceId, id);
      if (known.isPresent()) {
        result.put(id, known.get().state());
      } else {
        unknown.add(id);
      }
    }
    Iterator<String> it = unknown.iterator();
    while (it.hasNext()) {
      List<String> chunk = new ArrayList<>(IN_CHUNK);
      while (it.hasNext() && chunk.size() < IN_CHUNK) {
        chunk.add(it.next());
      }
      String sql = "SELECT element_id, state, kind FROM jobnet_node_state WHERE process_instance_id = ?"
          + " AND element_id IN (" + "?,".repeat(chunk.size() - 1) + "?)";
      try (PreparedStatement ps = connection().prepareStatement(sql)) {
        ps.setString(1, processInstanceId);
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 2, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            JobState state = JobState.valueOf(rs.getString(2));
            result.put(rs.getString(1), state);
            memory.read(processInstanceId, rs.getString(1), NodeKind.valueOf(rs.getString(3)), state);
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
    write(entry, execution, false);
  }

  /**
   * Records a state and tells the listener, unless the node has a final state already (then nothing
   * happens): the same as reading the state first and recording only when it is not final.
   *
   * @return whether the state was recorded
   */
  boolean recordUnlessFinal(Entry entry, DelegateExecution execution) {
    return write(entry, execution, true);
  }

  private boolean write(Entry entry, DelegateExecution execution, boolean unlessFinal) {
    NodeStateMemory memory = memory();
    Timestamp now = new Timestamp(ClockUtil.getCurrentTime().getTime());
    String reason = entry.reason() == null ? null : truncate(entry.reason(), 4000);
    Optional<JobState> recorded = memory.get(entry.processInstanceId(), entry.elementId())
        .map(NodeStateMemory.Known::state);
    if (recorded.isEmpty()) {
      if (insertIfAbsent(entry, reason, now)) {
        return recorded(memory, entry, reason, null, execution);
      }
      recorded = read(memory, entry.processInstanceId(), entry.elementId()); // another recorded it first
    }
    JobState previous = recorded.orElse(null);
    if (unlessFinal && previous != null && previous.isFinal()) {
      return false;
    }
    if (!update(entry, reason, now)) {
      insert(entry, reason, now); // gone meanwhile: only if the run was removed, which then fails this command
    }
    return recorded(memory, entry, reason, previous, execution);
  }

  private boolean recorded(NodeStateMemory memory, Entry entry, String reason, JobState previous,
      DelegateExecution execution) {
    memory.wrote(entry, reason);
    listener().stateRecorded(new SemanticsListener.StateRecorded(entry, previous, execution));
    return true;
  }

  private SemanticsListener listener() {
    if (listener != null) {
      return listener;
    }
    ProcessEngineConfigurationImpl engine = Context.getProcessEngineConfiguration();
    return JobnetSemanticsPlugin.listenerOf(engine == null ? null : engine.getProcessEngineName());
  }

  private boolean insertIfAbsent(Entry entry, String reason, Timestamp now) {
    try (PreparedStatement insert = connection().prepareStatement(INSERT_STATE_IF_ABSENT)) {
      setRow(insert, entry, reason, now);
      insert.setString(8, entry.processInstanceId());
      insert.setString(9, entry.elementId());
      return insert.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
  }

  private void insert(Entry entry, String reason, Timestamp now) {
    try (PreparedStatement insert = connection().prepareStatement(INSERT_STATE)) {
      setRow(insert, entry, reason, now);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
  }

  private static void setRow(PreparedStatement insert, Entry entry, String reason, Timestamp now)
      throws SQLException {
    insert.setString(1, entry.processInstanceId());
    insert.setString(2, entry.elementId());
    insert.setString(3, entry.rootInstanceId());
    insert.setString(4, entry.kind().name());
    insert.setString(5, entry.state().name());
    insert.setString(6, reason);
    insert.setTimestamp(7, now);
  }

  /** False when there is no row to update. */
  private boolean update(Entry entry, String reason, Timestamp now) {
    try (PreparedStatement update = connection().prepareStatement(UPDATE_STATE)) {
      update.setString(1, entry.state().name());
      update.setString(2, reason);
      update.setTimestamp(3, now);
      update.setString(4, entry.processInstanceId());
      update.setString(5, entry.elementId());
      return update.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("record " + entry.state() + " for " + entry.elementId(), e);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static Connection connection() {
    return commandContext().getDbSqlSession().getSqlSession().getConnection();
  }

  private static NodeStateMemory memory() {
    return NodeStateMemory.of(commandContext());
  }

  private static CommandContext commandContext() {
    CommandContext context = Context.getCommandContext();
    if (context == null) {
      throw new IllegalStateException("jobnet states are written inside engine commands only");
    }
    return context;
  }

  private static ProcessEngineException failure(String what, SQLException e) {
    return new ProcessEngineException("jobnet: could not " + what + ": " + e.getMessage(), e);
  }
}
