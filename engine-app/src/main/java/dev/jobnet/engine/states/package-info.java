/**
 * What the state enums of the engine app share: a transition table ({@link
 * dev.jobnet.engine.states.Transitions}, one line per source state) and the exception an illegal change
 * throws ({@link dev.jobnet.engine.states.IllegalStateChangeException}). The states themselves live
 * with their feature: a job's and a run's in {@code semantics}, an agent's in {@code agents}.
 *
 * <p>Knows nothing of the engine, Spring or the database.
 */
package dev.jobnet.engine.states;
