/**
 * How the agent logs: logback on standard error, as text lines or JSON lines ({@link LogFormat},
 * {@code JOBNET_AGENT_LOG_FORMAT}), and the job a line is about in its MDC ({@link dev.jobnet.protocol.JobMdc}: {@code
 * rootRunId}, {@code runId}, {@code jobPath}, {@code taskId}, {@code attempt}, {@code agent}, the same
 * meanings as in the engine's events), so that one grep over the engine's and the agents' logs joins
 * them. Knows log keys, nothing of the job protocol.
 */
package dev.jobnet.agent.logging;
