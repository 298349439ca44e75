/**
 * The contract the converter, the engine app and the worker agents share, written once: the names of
 * the BPMN extension properties the converter writes ({@link dev.jobnet.protocol.BpmnProperties}), of
 * the process variables ({@link dev.jobnet.protocol.ProcessVariables}), the external task topic of a
 * server ({@link dev.jobnet.protocol.Topics}), how a job's retry policy is read from its BPMN
 * properties and the backoff between attempts ({@link dev.jobnet.protocol.RetryPolicy}), how the
 * engine's task retries count its attempts ({@link dev.jobnet.protocol.RetryCount}), and the protocol
 * version both sides check ({@link dev.jobnet.protocol.Protocol}). Plain Java: it knows nothing of
 * Camunda, Spring or HTTP clients.
 */
package dev.jobnet.protocol;
