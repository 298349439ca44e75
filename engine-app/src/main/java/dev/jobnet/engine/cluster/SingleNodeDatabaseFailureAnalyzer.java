package dev.jobnet.engine.cluster;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up stopped because the embedded H2 database is open in another engine-app process
 * (a second node on the same data directory) into a report that says why and what to do: H2 serves
 * one node; a cluster runs on PostgreSQL (registered in {@code META-INF/spring.factories}).
 */
class SingleNodeDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

  /** H2's "database may be already in use" (ErrorCode.DATABASE_ALREADY_OPEN_1). */
  static final int H2_DATABASE_ALREADY_OPEN = 90020;

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
    if (cause.getErrorCode() != H2_DATABASE_ALREADY_OPEN) {
      return null;
    }
    return new FailureAnalysis("The embedded H2 database is open in another engine-app process (" + cause.getMessage()
        + "). The embedded database serves one engine node: two nodes cannot share it.",
        "Stop the other engine app using this data directory (JOBNET_DATA_DIR), or give this one a directory of its"
            + " own. To run several engine nodes as one cluster, put them on one PostgreSQL database"
            + " (JOBNET_DB_URL=jdbc:postgresql://..., docs/cluster.md).", cause);
  }
}
