/**
 * The contract between the engine app and the worker agents, written once: how a job's retry policy
 * is read from its BPMN properties, how the engine's task retries count its attempts
 * ({@link dev.jobnet.protocol.RetryCount}), the backoff between attempts
 * ({@link dev.jobnet.protocol.RetryPolicy}), and the protocol version both sides check
 * ({@link dev.jobnet.protocol.Protocol}). Plain Java: it knows nothing of Camunda, Spring or HTTP
 * clients.
 */
package dev.jobnet.protocol;
