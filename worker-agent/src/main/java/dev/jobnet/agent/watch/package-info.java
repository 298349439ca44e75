/**
 * Watching a running job: when its lock is extended, what the engine's answers to a heartbeat mean
 * (held, merely expired while out of reach, or lost), when the time limit is up, and the TERM, grace,
 * KILL sequence. {@link dev.jobnet.agent.watch.JobWatch} decides from a {@link java.time.Clock} and
 * the answers it is given; it makes no call and sends no signal itself, so every decision is tested
 * without processes, an engine or sleeping. The runner ({@code runtime.JobRunner}) carries out what
 * it decides.
 */
package dev.jobnet.agent.watch;
