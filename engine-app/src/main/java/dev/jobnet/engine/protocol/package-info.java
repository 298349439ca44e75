/**
 * The agent protocol's version on the engine side ({@code docs/agent-protocol.md}): {@code GET
 * /jobnet-api/protocol} says which version this engine app speaks (agents check it at start-up), and
 * a filter refuses an agent's request of another version, and the requests whose meaning changed
 * between versions (the start marker, a failure report) when they carry no version at all, with
 * {@code 409 PROTOCOL_MISMATCH} and what to upgrade. The version itself is the contract module's
 * {@link dev.jobnet.protocol.Protocol}.
 */
package dev.jobnet.engine.protocol;
