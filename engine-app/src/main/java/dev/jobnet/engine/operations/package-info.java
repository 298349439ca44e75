/**
 * What operators do to runs ({@code docs/operations.md}): force-stop a job, a nested jobnet or a whole
 * run ({@link dev.jobnet.engine.operations.ForceStop}); settle a STUCK job (mark succeeded, mark failed,
 * retry: {@link dev.jobnet.engine.operations.StuckResolver}); hold, release and skip what has not
 * started ({@link dev.jobnet.engine.operations.HoldsAndSkips}); rerun from a job, mark a FAILED job
 * SUCCEEDED, rerun a whole failed run ({@link dev.jobnet.engine.operations.Reruns}, planned by {@link
 * dev.jobnet.engine.operations.RerunPlan}). Every action is recorded with who, when and why ({@code
 * jobnet_operator_action}) and told in the event log. The flow moves on at once; the agent learns at
 * its next heartbeat that a stopped job is no longer its own and kills the process group. An
 * application may stop and rerun its own tenant's runs; the rest is the operators'.
 */
package dev.jobnet.engine.operations;
