/**
 * What makes several engine-app nodes on one PostgreSQL database act as one scheduler
 * ({@code docs/cluster.md}). Camunda wakes an agent's waiting long poll ({@code fetchAndLock}) only
 * for a task created or unlocked in its own JVM; here every such event, and every retry whose
 * backoff ends, is told to the other nodes ({@link ClusterSignal}, on PostgreSQL by {@code NOTIFY}
 * on the channel {@link PostgresClusterSignal#CHANNEL}), and each node wakes its own long polls when
 * it hears of one. On the embedded H2 database the engine app is one node and nothing is sent.
 */
package dev.jobnet.engine.cluster;
