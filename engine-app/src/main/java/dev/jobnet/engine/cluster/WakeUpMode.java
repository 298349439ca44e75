package dev.jobnet.engine.cluster;

/** Whether this node tells the others of jobs it made available, and hears of theirs. */
public enum WakeUpMode {
  /** On PostgreSQL (where several nodes can share a database); not on the embedded H2 database. */
  AUTO,
  /** Never: one node, or nodes whose agents poll every node anyway. */
  OFF;

  /** Whether the signal runs on a database whose JDBC URL is {@code jdbcUrl}. */
  public boolean appliesTo(String jdbcUrl) {
    return this == AUTO && jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
  }
}
