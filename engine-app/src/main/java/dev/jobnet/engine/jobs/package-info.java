/**
 * The REST API worker agents use beside Camunda's external-task API ({@code docs/agent-protocol.md}):
 * the start marker an agent writes before it starts a job's command, the re-delivery guard that
 * stops a second agent from starting a job already started (the job becomes STUCK and stays with
 * the first agent), the release of a job that was never started, and the shipping and reading of a
 * job's stdout and stderr (head and tail kept up to a cap, in {@code jobnet_job_log}). Every STUCK
 * incident's error details name the job's command, agent, attempt and the end of its stderr, whoever
 * made it STUCK ({@code StuckIncidentDetails}, a history event handler inside the engine's command).
 *
 * <p>Every endpoint is for agents ({@code jobnet-agents}) and operators ({@code jobnet-admins},
 * {@code camunda-admin}), as {@code security.Callers} checks; a tenant's application may also read the
 * output of its own runs. Errors are problems ({@code api}). Engine work goes through Camunda's Java API as the
 * authenticated caller, so the engine's authorization and tenant checks apply as well. Knows the
 * engine and the variable names of {@code semantics}, nothing of the agent's internals.
 */
package dev.jobnet.engine.jobs;
