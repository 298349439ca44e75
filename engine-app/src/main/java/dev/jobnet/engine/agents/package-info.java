/**
 * The agents as the engine sees them: the registry every agent reports to with its heartbeat
 * (name, servers, capacity, running jobs), and the watchdog that turns the jobs of an agent that fell
 * silent into STUCK incidents before their locks expire, withdraws them when the agent comes back
 * with the job still running, and fails at once the jobs of a server no agent has ever served
 * ({@code docs/operations.md}, design {@code runtime.md}). Safe with several engine-app nodes: every
 * change is a conditional update or an engine command that collides instead of acting twice.
 */
package dev.jobnet.engine.agents;
