/**
 * The worker agent: fetches jobs as Camunda external tasks, runs their commands in their own process
 * group, heartbeats by extending the lock and keeps a journal on disk. It knows the engine only
 * through its REST API ({@code engine}), never its internals.
 *
 * <p>Packages: {@code engine} (the REST calls behind one interface), {@code job} (a job's command,
 * preflight, environment, retry policy, outcome), {@code journal} (the on-disk record of each job and
 * its phases), {@code process} (process groups and the launcher), {@code watch} (the clock-driven
 * decisions while a job runs: heartbeats, lock answers, time limit, TERM, grace, KILL) and
 * {@code runtime} (the fetch loop, the runner that carries out those decisions, the reporter).
 */
package dev.jobnet.agent;
