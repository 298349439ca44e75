/**
 * Who may do what on the engine: HTTP Basic authentication for {@code /engine-rest/*} and
 * {@code /jobnet-api/*} (there also the log-in of Camunda's webapps, with its CSRF token, for the
 * Cockpit plugin) and for Spring Boot Actuator's {@code /actuator/*} (operators only, but for the
 * liveness and readiness probes, which answer anyone with the status only), Camunda authorization and
 * tenant checks, and the users, groups, tenants
 * and authorizations created at start-up from {@code jobnet.admin}, {@code jobnet.agent} and
 * {@code jobnet.tenants}. Operators read {@code docs/security.md}.
 *
 * <p>Every authenticated request of the REST APIs runs with the caller set on the engine's
 * {@link org.camunda.bpm.engine.IdentityService} (user, groups, tenants), so the engine itself
 * refuses what the caller may not do: code behind {@code /jobnet-api} calls the engine's services
 * as usual and reads the caller from {@code identityService.getCurrentAuthentication()}. Work done
 * on other threads (asynchronous responses) must carry that authentication over itself.
 *
 * <p>It owns the group names other features use ({@link dev.jobnet.engine.security.JobnetGroups}),
 * and knows nothing of jobnets, agents or mail.
 */
package dev.jobnet.engine.security;
