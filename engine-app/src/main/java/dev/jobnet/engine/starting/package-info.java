/**
 * Starting jobnets: applications use the engine's own REST API
 * ({@code POST /engine-rest/process-definition/key/{id}/start}); this package adds what that API
 * lacks for jobnets, such as 409 for a business key that is already running.
 */
package dev.jobnet.engine.starting;
