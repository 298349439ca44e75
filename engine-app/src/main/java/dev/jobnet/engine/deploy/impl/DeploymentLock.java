package dev.jobnet.engine.deploy.impl;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a deployment in one transaction that holds a cluster-wide lock from its first statement to its
 * commit: the row of {@code jobnet_deployment_lock}, updated first (a row lock on PostgreSQL and on H2;
 * the table comes from Flyway migration V2). The engine joins the same transaction, so reading what is
 * deployed, checking against it and deploying is one step for the whole cluster: a second node (or
 * request) waits, then sees the first one's versions, and two uploads that are each valid but
 * recursive together cannot both pass.
 *
 * <p>Why not only Camunda's own deployment lock ({@code ACT_GE_PROPERTY 'deployment.lock'})? The engine
 * takes it inside its deploy command only, after our checks, and skips it on H2. Inside one JVM a fair
 * lock queues deployments first, so they never wait on the database row (H2 gives up on a row lock after
 * its lock timeout).
 */
public final class DeploymentLock {

  static final String LOCK = "UPDATE jobnet_deployment_lock SET locked_by = ?, locked_at = ? WHERE name = 'deployment'";

  private final ReentrantLock local = new ReentrantLock(true);
  private final PlatformTransactionManager transactionManager;
  private final TransactionTemplate transaction;
  private final JdbcTemplate jdbc;
  private final String node;
  private final Clock clock;

  /**
   * @param transactionManager the engine's transaction manager: a {@link DataSourceTransactionManager} of the
   *     engine's database, so that the lock and the deployment share one transaction
   * @param node who holds the lock, as {@code locked_by} shows it
   */
  public DeploymentLock(PlatformTransactionManager transactionManager, String node, Clock clock) {
    if (!(transactionManager instanceof DataSourceTransactionManager dataSourceManager)) {
      throw new IllegalStateException("deployments need the engine's transactions on its JDBC DataSource"
          + " (a DataSourceTransactionManager), found " + transactionManager.getClass().getName());
    }
    this.transactionManager = transactionManager;
    this.transaction = new TransactionTemplate(transactionManager);
    this.jdbc = new JdbcTemplate(dataSourceManager.getDataSource());
    this.node = node;
    this.clock = clock;
  }

  /** {@code pid@host} of this JVM: what {@code locked_by} names. */
  public static String thisNode() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }

  /** Another instance on the same database, as a second node has it: shares only the database row. */
  public DeploymentLock asAnotherNode() {
    return new DeploymentLock(transactionManager, node + "/other", clock);
  }

  /**
   * Runs {@code work} holding the lock, in a transaction that commits when it returns and rolls back when
   * it throws (nothing of a failed deployment stays).
   */
  public <T> T call(Supplier<T> work) {
    local.lock();
    try {
      return transaction.execute(status -> {
        int rows = jdbc.update(LOCK, node, Timestamp.from(clock.instant()));
        if (rows != 1) {
          throw new IllegalStateException("the row 'deployment' of jobnet_deployment_lock is missing; it is created by"
              + " the database migration V2__jobnet_deployment_lock.sql: insert it again");
        }
        return work.get();
      });
    } finally {
      local.unlock();
    }
  }
}
