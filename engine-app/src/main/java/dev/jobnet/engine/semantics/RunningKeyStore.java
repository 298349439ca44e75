package dev.jobnet.engine.semantics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Keeps the business keys of running root runs in {@code jobnet_running_key}, on the engine's own
 * connection and transaction, so that a run's key is claimed exactly when the run is started.
 */
final class RunningKeyStore {

  private static final String SELECT_HOLDER = "SELECT process_instance_id FROM jobnet_running_key"
      + " WHERE process_definition_key = ? AND tenant_id = ? AND business_key = ?";
  private static final String SELECT_RUNNING =
      "SELECT COUNT(*) FROM ACT_RU_EXECUTION WHERE ID_ = ? AND PROC_INST_ID_ = ID_";
  private static final String INSERT = "INSERT INTO jobnet_running_key"
      + " (process_definition_key, tenant_id, business_key, process_instance_id, started_at) VALUES (?, ?, ?, ?, ?)";
  private static final String TAKE_OVER = "UPDATE jobnet_running_key SET process_instance_id = ?, started_at = ?"
      + " WHERE process_definition_key = ? AND tenant_id = ? AND business_key = ? AND process_instance_id = ?";
  private static final String RELEASE = "DELETE FROM jobnet_running_key WHERE process_instance_id = ?";

  /** Claims the key for {@code instanceId}, or throws {@link DuplicateRunException}. */
  void claim(String jobnet, String tenant, String businessKey, String instanceId) {
    String t = tenant == null ? "" : tenant;
    try {
      Optional<String> holder = holder(jobnet, t, businessKey);
      if (holder.isPresent()) {
        if (isRunning(holder.get())) {
          throw new DuplicateRunException(jobnet, businessKey, holder.get());
        }
        if (takeOver(jobnet, t, businessKey, holder.get(), instanceId)) {
          return;
        }
        throw new DuplicateRunException(jobnet, businessKey, holder.get());
      }
      insert(jobnet, t, businessKey, instanceId);
    } catch (SQLException e) {
      // A concurrent start inserted the same key first (unique violation): that run holds it.
      throw new DuplicateRunException(jobnet, businessKey, "started at the same moment");
    }
  }

  void release(String instanceId) {
    try (PreparedStatement ps = connection().prepareStatement(RELEASE)) {
      ps.setString(1, instanceId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ProcessEngineException("jobnet: could not release the business key of " + instanceId, e);
    }
  }

  private Optional<String> holder(String jobnet, String tenant, String businessKey) throws SQLException {
    try (PreparedStatement ps = connection().prepareStatement(SELECT_HOLDER)) {
      ps.setString(1, jobnet);
      ps.setString(2, tenant);
      ps.setString(3, businessKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private boolean isRunning(String instanceId) throws SQLException {
    try (PreparedStatement ps = connection().prepareStatement(SELECT_RUNNING)) {
      ps.setString(1, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  private boolean takeOver(String jobnet, String tenant, String businessKey, String stale, String instanceId)
      throws SQLException {
    try (PreparedStatement ps = connection().prepareStatement(TAKE_OVER)) {
      ps.setString(1, instanceId);
      ps.setTimestamp(2, now());
      ps.setString(3, jobnet);
      ps.setString(4, tenant);
      ps.setString(5, businessKey);
      ps.setString(6, stale);
      return ps.executeUpdate() == 1;
    }
  }

  private void insert(String jobnet, String tenant, String businessKey, String instanceId) throws SQLException {
    try (PreparedStatement ps = connection().prepareStatement(INSERT)) {
      ps.setString(1, jobnet);
      ps.setString(2, tenant);
      ps.setString(3, businessKey);
      ps.setString(4, instanceId);
      ps.setTimestamp(5, now());
      ps.executeUpdate();
    }
  }

  private static Timestamp now() {
    return new Timestamp(ClockUtil.getCurrentTime().getTime());
  }

  private static Connection connection() {
    return Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
  }
}
