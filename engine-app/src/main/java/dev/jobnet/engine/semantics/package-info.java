/**
 * Jobnet run-time semantics inside the Camunda engine: the {@link
 * dev.jobnet.engine.semantics.JobnetSemanticsPlugin} gates every node of a converted jobnet (skip
 * downstream of a failure, skip inside a stopped jobnet), records each node's final state in
 * {@code jobnet_node_state} and gives every root run its {@code jobnetOutcome}.
 *
 * <p>Knows the BPMN the converter writes ({@code docs/bpmn-mapping.md}), nothing of Spring, REST or
 * the agent's internals; the agent's only contract is the {@code jobnetResult} it completes with.
 */
package dev.jobnet.engine.semantics;
