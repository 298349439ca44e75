/**
 * Test support shared by the tests of several modules, used by them with scope {@code test} and never
 * shipped: the TCP proxy a test cuts and restores ({@link dev.jobnet.testing.TcpProxy}), in front of
 * PostgreSQL for the engine app's tests and in front of the engine app for the system tests' agents, and
 * the clock a test moves ({@link dev.jobnet.testing.SettableClock}) for the engine app's and the agent's,
 * a PostgreSQL server a test owns and may stop ({@link dev.jobnet.testing.PgServer}), and a free port
 * ({@link dev.jobnet.testing.FreePorts}).
 * Plain Java: it knows nothing of Camunda, Spring, the engine app or the agent. What only one module's
 * tests need stays in that module's tests (the engine app's users and tenants in
 * {@code dev.jobnet.engine.testing}, the system tests' engine lifecycle in {@code dev.jobnet.system}).
 */
package dev.jobnet.testing;
