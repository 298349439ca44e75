/**
 * The engine app: the Camunda 7 engine, its REST API and Cockpit, and the jobnet additions (engine
 * plugin for skip/finally/outcome semantics, deployment of jobnet YAML, stop and resolve endpoints).
 *
 * <p>Only the module frame exists so far; the engine-app issue fills it. It will know the converter
 * (to deploy YAML) and the engine, never the worker agent's internals.
 */
package dev.jobnet.engine;
