/**
 * The engine's log as operators read it: a line for every event of a job with the job in its MDC
 * ({@link dev.jobnet.protocol.JobMdc}, the agents' keys), the task of an agent's request in the MDC
 * while it is served, and the format of the whole log, text or JSON lines ({@link LogFormat}, {@code
 * JOBNET_LOG_FORMAT}). Knows events and log keys, nothing of how jobs run.
 */
package dev.jobnet.engine.logging;
