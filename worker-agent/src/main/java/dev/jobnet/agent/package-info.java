/**
 * The worker agent: fetches jobs as Camunda external tasks, runs their commands in their own process
 * group, heartbeats by extending the lock and keeps a journal on disk.
 *
 * <p>Only the module frame exists so far; the worker-agent issue fills it. It knows the engine only
 * through its REST API.
 */
package dev.jobnet.agent;
