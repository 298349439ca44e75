package dev.jobnet.engine.cluster;

/**
 * Tells the other engine-app nodes that jobs can be fetched now, so that the agents' long polls
 * waiting on them answer at once instead of at their timeout. Called after the transaction that
 * made the jobs available has committed; cheap and never blocking (a node that misses a signal
 * answers its long polls at their timeout, as before).
 */
public interface ClusterSignal {

  /** One node, nothing to tell (the embedded H2 database, or {@code jobnet.cluster.wake-up=OFF}). */
  ClusterSignal SINGLE_NODE = () -> { };

  /** Jobs became available on this node (created, unlocked, or their retry wait ended). */
  void jobsAvailable();
}
