package dev.jobnet.engine.semantics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every statement on {@code jobnet_node_state} (Flyway {@code V1}): the recorded state of each node of
 * each run, and of each run itself (element {@link JobnetVariables#PROCESS_ELEMENT}). One small
 * statement per method, on the connection the caller passes: the engine command's for {@link
 * NodeStateStore}, which writes; a Spring {@code JdbcTemplate}'s ({@code ConnectionCallback}) for the
 * features that read runs (run tree, run list, operators' look-ups) or remove them. States and kinds are
 * parsed here, once: callers see {@link JobState}s and {@link NodeKind}s.
 *
 * <p>No transition is checked here: {@link NodeStateStore} is the only writer of states.
 */
public final class NodeStateTable {

  private static final String SELECT_NODE =
      "SELECT state, kind FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?";
  private static final String SELECT_REASON =
      "SELECT reason FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?";
  private static final String SELECT_NODES =
      "SELECT element_id, state, kind FROM jobnet_node_state WHERE process_instance_id = ? AND element_id IN (";
  private static final String SELECT_RUN =
      "SELECT element_id, state, reason, kind FROM jobnet_node_state WHERE process_instance_id = ?";
  private static final String SELECT_RUN_STATES = "SELECT process_instance_id, state FROM jobnet_node_state"
      + " WHERE element_id = '" + JobnetVariables.PROCESS_ELEMENT + "' AND process_instance_id IN (";
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
  /** Runs with states whose history is gone (Camunda's history cleanup removed them) and that do not run. */
  /**
   * Runs that are gone: neither history nor a running instance. Rows carried into a rerun wait under a
   * holder id that is no run; they are kept while the run they came from (their root id) has history,
   * for an expansion's may wait long for the new run to reach it.
   */
  private static final String SELECT_ORPHAN_RUNS = "SELECT DISTINCT t.process_instance_id FROM jobnet_node_state t"
      + " WHERE t.process_instance_id IS NOT NULL"
      + " AND NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST h WHERE h.PROC_INST_ID_ = t.process_instance_id)"
      + " AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.PROC_INST_ID_ = t.process_instance_id)"
      + " AND (t.process_instance_id NOT LIKE 'rerun:%'"
      + " OR NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST o WHERE o.PROC_INST_ID_ = t.root_instance_id))";
  private static final String DELETE_RUN = "DELETE FROM jobnet_node_state WHERE process_instance_id = ?";
  private static final String MOVE_RUN = "UPDATE jobnet_node_state SET process_instance_id = ?, root_instance_id = ?"
      + " WHERE process_instance_id = ?";
  private static final String DELETE_NODE =
      "DELETE FROM jobnet_node_state WHERE process_instance_id = ? AND element_id = ?";

  /** A node's recorded state and what the node is. */
  public record Node(NodeKind kind, JobState state) {}

  /** A node's row as the run tree shows it. */
  public record Row(String elementId, NodeKind kind, JobState state, String reason) {}

  /** A row to write: a node's state, the reason as stored (null or cut to the column), when. */
  record Written(String processInstanceId, String elementId, String rootInstanceId, NodeKind kind, JobState state,
      String reason, Timestamp at) {}

  private NodeStateTable() {}

  /** The recorded state of one node of a run, if it has one. */
  public static Optional<Node> node(Connection c, String processInstanceId, String elementId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_NODE)) {
      ps.setString(1, processInstanceId);
      ps.setString(2, elementId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Node(NodeKind.valueOf(rs.getString(2)), JobState.valueOf(rs.getString(1))))
            : Optional.empty();
      }
    }
  }

  /** The state of a run's own element ({@code _process}), if recorded. */
  public static Optional<JobState> runState(Connection c, String processInstanceId) throws SQLException {
    return node(c, processInstanceId, JobnetVariables.PROCESS_ELEMENT).map(Node::state);
  }

  /** The reason recorded with a node's state: empty when the node has no row, or a row without reason. */
  static Optional<String> reason(Connection c, String processInstanceId, String elementId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_REASON)) {
      ps.setString(1, processInstanceId);
      ps.setString(2, elementId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** The recorded states of those of {@code elementIds} (not empty) that have one, by element id. */
  static Map<String, Node> nodes(Connection c, String processInstanceId, List<String> elementIds)
      throws SQLException {
    String sql = SELECT_NODES + "?,".repeat(elementIds.size() - 1) + "?)";
    Map<String, Node> found = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, processInstanceId);
      for (int i = 0; i < elementIds.size(); i++) {
        ps.setString(i + 2, elementIds.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), new Node(NodeKind.valueOf(rs.getString(3)), JobState.valueOf(rs.getString(2))));
        }
      }
    }
    return found;
  }

  /** Every recorded state of one run (not the runs its expansions started), by element id. */
  public static Map<String, Row> run(Connection c, String processInstanceId) throws SQLException {
    Map<String, Row> rows = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_RUN)) {
      ps.setString(1, processInstanceId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), new Row(rs.getString(1), NodeKind.valueOf(rs.getString(4)),
              JobState.valueOf(rs.getString(2)), rs.getString(3)));
        }
      }
    }
    return rows;
  }

  /** The recorded states of the runs themselves ({@code _process}) of those of {@code runIds} (not empty) that have one. */
  public static Map<String, JobState> runStates(Connection c, List<String> runIds) throws SQLException {
    String sql = SELECT_RUN_STATES + "?,".repeat(runIds.size() - 1) + "?)";
    Map<String, JobState> states = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < runIds.size(); i++) {
        ps.setString(i + 1, runIds.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          states.put(rs.getString(1), JobState.valueOf(rs.getString(2)));
        }
      }
    }
    return states;
  }

  /** Records a node's first state unless the node has a row already; whether it did. */
  static boolean insertIfAbsent(Connection c, Written row) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(INSERT_STATE_IF_ABSENT)) {
      setRow(insert, row);
      insert.setString(8, row.processInstanceId());
      insert.setString(9, row.elementId());
      return insert.executeUpdate() > 0;
    }
  }

  /** Records a node's first state; fails on the primary key when it has a row. */
  static void insert(Connection c, Written row) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(INSERT_STATE)) {
      setRow(insert, row);
      insert.executeUpdate();
    }
  }

  /** Replaces a node's state; false when it has no row. */
  static boolean update(Connection c, Written row) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(UPDATE_STATE)) {
      update.setString(1, row.state().name());
      update.setString(2, row.reason());
      update.setTimestamp(3, row.at());
      update.setString(4, row.processInstanceId());
      update.setString(5, row.elementId());
      return update.executeUpdate() > 0;
    }
  }

  /**
   * Writes the states a rerun carries over from ended run {@code oldRunId}, under its holder id ({@link
   * JobnetVariables#carriedFrom}; the run that will adopt them is not started yet: {@link #adopt}). The
   * states were recorded through the transition tables in the old run; a rerun copies them as they
   * are. They are kept while the old run has history.
   */
  public static void carry(Connection c, String oldRunId, List<Row> rows, Timestamp at) throws SQLException {
    String holder = JobnetVariables.carriedFrom(oldRunId);
    try (PreparedStatement insert = c.prepareStatement(INSERT_STATE)) {
      for (Row row : rows) {
        setRow(insert, new Written(holder, row.elementId(), oldRunId, row.kind(), row.state(), row.reason(), at));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * An operator's rerun inside a run that still runs: removes the states of {@code removed} (they are
   * decided again) and replaces those of {@code replaced} (a job marked SUCCEEDED, a job run again
   * carrying its attempts), as they are: the transition tables govern a run's own course, a rerun
   * rewinds it.
   */
  public static void rewind(Connection c, String processInstanceId, Collection<String> removed, List<Row> replaced,
      Timestamp at) throws SQLException {
    for (String id : removed) {
      delete(c, processInstanceId, id);
    }
    for (Row row : replaced) {
      Written w = new Written(processInstanceId, row.elementId(), null, row.kind(), row.state(), row.reason(), at);
      try (PreparedStatement update = c.prepareStatement(UPDATE_STATE)) {
        update.setString(1, w.state().name());
        update.setString(2, w.reason());
        update.setTimestamp(3, w.at());
        update.setString(4, processInstanceId);
        update.setString(5, row.elementId());
        update.executeUpdate();
      }
    }
  }

  /**
   * Gives the states carried over from run {@code oldRunId} to the run {@code processInstanceId}, of
   * root run {@code rootInstanceId}; how many.
   */
  static int adopt(Connection c, String oldRunId, String processInstanceId, String rootInstanceId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MOVE_RUN)) {
      ps.setString(1, processInstanceId);
      ps.setString(2, rootInstanceId);
      ps.setString(3, JobnetVariables.carriedFrom(oldRunId));
      return ps.executeUpdate();
    }
  }

  /** Removes one node's row (a hold released); false when it had none. */
  static boolean delete(Connection c, String processInstanceId, String elementId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELETE_NODE)) {
      ps.setString(1, processInstanceId);
      ps.setString(2, elementId);
      return ps.executeUpdate() > 0;
    }
  }

  /** At most {@code max} runs that have states but neither history nor a running instance. */
  public static List<String> orphanRuns(Connection c, int max) throws SQLException {
    List<String> runs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_ORPHAN_RUNS)) {
      ps.setMaxRows(max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.add(rs.getString(1));
        }
      }
    }
    return runs;
  }

  /** Removes the states of one run (not those of the runs its expansions started); how many. */
  public static int deleteRun(Connection c, String processInstanceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELETE_RUN)) {
      ps.setString(1, processInstanceId);
      return ps.executeUpdate();
    }
  }

  private static void setRow(PreparedStatement insert, Written row) throws SQLException {
    insert.setString(1, row.processInstanceId());
    insert.setString(2, row.elementId());
    insert.setString(3, row.rootInstanceId());
    insert.setString(4, row.kind().name());
    insert.setString(5, row.state().name());
    insert.setString(6, row.reason());
    insert.setTimestamp(7, row.at());
  }
}
