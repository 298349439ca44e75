/**
 * Deployment of jobnet definitions into the engine: at start-up from the folders of
 * {@code jobnet.definitions} ({@link dev.jobnet.engine.deploy.StartupDeployment}) and on request through
 * {@code POST /jobnet-api/deployments} ({@link dev.jobnet.engine.deploy.DeploymentController}).
 *
 * <p>Owns: reading the folders (shared and {@code tenants/<id>/}), validating jobnet YAML and BPMN as one
 * set against the roots already deployed for the same tenant, converting it, and deploying everything of one
 * request or start-up in one transaction, all or nothing, serialized across engine nodes. Duplicate
 * filtering keeps unchanged definitions from becoming new versions. Documented for operators in
 * {@code docs/deploying.md}.
 *
 * <p>Knows the converter's API and the engine's public services; knows nothing of run-time semantics or
 * of the worker agent. Who the caller is comes from the authentication the security layer put on the
 * request; whether the caller may deploy is the engine's authorization ({@code DEPLOYMENT / CREATE}).
 * The command line client in {@code cli} depends on the JDK only, so the launcher compiles and runs it
 * without a build.
 */
package dev.jobnet.engine.deploy;
