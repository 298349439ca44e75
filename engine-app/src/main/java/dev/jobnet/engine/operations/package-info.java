/**
 * What operators do to runs ({@code docs/operations.md}): force-stop a job, a nested jobnet or a whole
 * run, and settle a STUCK job (mark succeeded, mark failed, retry). Every action is recorded with who,
 * when and why ({@code jobnet_operator_action}). The flow moves on at once; the agent learns at its
 * next heartbeat that the job is no longer its own and kills the process group.
 */
package dev.jobnet.engine.operations;
