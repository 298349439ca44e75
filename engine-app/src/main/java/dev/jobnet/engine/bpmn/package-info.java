/**
 * How the engine app reads the BPMN extension properties the converter writes (their names are the
 * contract module's {@link dev.jobnet.protocol.BpmnProperties}): one reader for the model API's
 * elements and for the XML the engine parses.
 */
package dev.jobnet.engine.bpmn;
