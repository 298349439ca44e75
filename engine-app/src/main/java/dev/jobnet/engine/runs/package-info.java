/**
 * Runs as operators read them: {@code GET /jobnet-api/runs/{id}} gives a root run's outcome and the
 * tree of its jobs, nested jobnets, finally blocks and expansions with state, reason, attempts,
 * agent and times, from the engine's history and the states the jobnet semantics recorded.
 */
package dev.jobnet.engine.runs;
