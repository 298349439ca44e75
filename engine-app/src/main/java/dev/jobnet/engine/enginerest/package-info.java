/**
 * What the engine app adds around Camunda's engine REST API ({@code /engine-rest}) to make each
 * request cheaper, without changing what any request means: Camunda REST looks its engine up with a
 * {@link java.util.ServiceLoader} scan of the class path for every resource it creates (several per
 * request), which {@link dev.jobnet.engine.enginerest.EngineLookupFilter} answers from memory; it
 * makes a new JSON mapper for each body it reads or writes, where
 * {@link dev.jobnet.engine.enginerest.SharedObjectMapper} hands out one, configured the same; and it
 * finds the definition of a start by key with its most expensive query, where
 * {@link dev.jobnet.engine.enginerest.StartByKeyResource} reads it by key and hands the start to
 * Camunda's own resource.
 *
 * <p>It knows nothing of jobnets; authentication is {@code dev.jobnet.engine.security}'s.
 */
package dev.jobnet.engine.enginerest;
