/**
 * The care the engine app gives the database it runs on by itself: on PostgreSQL whose autovacuum is
 * off, the hot runtime tables (a row per waiting job, per running execution, per agent, each written and
 * deleted within seconds) are vacuumed and analyzed every {@code jobnet.upkeep.vacuum-interval}
 * ({@link RuntimeTableVacuum}). Without it their dead rows pile up for as long as the server runs, and
 * every fetch and lookup reads through them. Knows table names, nothing of what the rows mean.
 */
package dev.jobnet.engine.upkeep;
