/**
 * What every endpoint of our REST API ({@code /jobnet-api/*}) shares: its one error format, RFC 9457
 * {@code application/problem+json} with the stable extension member {@code reason}
 * ({@code docs/rest-api.md}). A feature throws an {@link dev.jobnet.engine.api.ApiException} (or one
 * of the engine's exceptions {@link dev.jobnet.engine.api.ApiExceptionHandler} maps); a filter that
 * answers before any controller writes the same body with {@link dev.jobnet.engine.api.Problems#write}.
 *
 * <p>Knows Spring MVC and the engine's exception types, nothing of the features. Camunda's own REST
 * API ({@code /engine-rest}) keeps Camunda's error format.
 */
package dev.jobnet.engine.api;
