/**
 * The jobnet converter: reads jobnet YAML, reports every mistake at once with its location, and
 * writes one BPMN 2.0 file per root jobnet with a laid-out diagram.
 *
 * <p>Entry point: {@link dev.jobnet.converter.JobnetConverter}. The pipeline, one package each:
 * {@code yaml} (YAML to model, form findings) → {@code check} (graph findings: references, cycles,
 * reachability, expansions) → {@code plan} (model to BPMN flow nodes, the mapping of
 * {@code docs/bpmn-mapping.md}) → {@code layout} (ELK diagram) → {@code bpmn} (XML). {@code model}
 * holds the immutable jobnet types; {@code cli} the {@code jobnet validate|convert} command.
 *
 * <p>Plain Java: it knows nothing of Spring, of the engine at run time, or of the worker agent; what
 * it shares with them (the BPMN property names, the topic of a server, the retry policy and its
 * defaults) is the contract module's, {@code dev.jobnet.protocol}.
 */
package dev.jobnet.converter;
