/**
 * What the engine app adds around Camunda's engine REST API ({@code /engine-rest}) to make each
 * request cheaper, without changing what any request means: Camunda REST looks its engine up with a
 * {@link java.util.ServiceLoader} scan of the class path for every resource it creates (several per
 * request), which {@link dev.jobnet.engine.enginerest.EngineLookupFilter} answers from memory.
 *
 * <p>It knows nothing of jobnets; authentication is {@code dev.jobnet.engine.security}'s.
 */
package dev.jobnet.engine.enginerest;
