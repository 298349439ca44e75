/**
 * The worker agent: fetches jobs as Camunda external tasks, runs their commands in their own process
 * group, heartbeats by extending the lock and keeps a journal on disk. It knows the engine only
 * through its REST API ({@code engine}), never its internals.
 *
 * <p>Packages: {@code engine} (the REST calls behind one interface; in {@code engine.impl} one
 * transport per API: Camunda's external task API through its client, and the jobnet API), {@code job} (a job's command,
 * preflight, environment, retry policy, outcome), {@code journal} (the on-disk record of each job and
 * its phases), {@code process} (process groups and the launcher), {@code watch} (the clock-driven
 * decisions while a job runs: heartbeats, lock answers, time limit, TERM, grace, KILL) and
 * {@code runtime} (the agent's parts, one duty each: {@code Recovery} of the journal at start,
 * the {@code FetchLoop}, {@code RunningJobs} within the capacity, the {@code JobRunner} that carries
 * out a job and the watch's decisions, the {@code Reporter}, the {@code DeliveryRound} of what could
 * not be reported, the {@code Registration} in the engine's registry; {@code Agent} puts them
 * together and drains them on stop).
 */
package dev.jobnet.agent;
