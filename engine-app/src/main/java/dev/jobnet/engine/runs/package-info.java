/**
 * Runs as operators read them: {@code GET /jobnet-api/runs/{id}} gives a root run's outcome and the
 * tree of its jobs, nested jobnets, finally blocks and expansions with state, reason, attempts,
 * agent and times, from the engine's history and the states the jobnet semantics recorded;
 * {@code GET /jobnet-api/runs} lists the root runs (filtered, paged, with their start parameters and
 * counts of running and stuck jobs) and {@code DELETE /jobnet-api/runs/{id}} removes a finished one
 * with everything kept about it ({@code docs/operations.md}).
 */
package dev.jobnet.engine.runs;
