package dev.jobnet.engine.deploy;

/**
 * A process definition (a root jobnet, or a process of a deployed BPMN file) as the engine holds it.
 *
 * @param rootId the process key: the root jobnet's id
 * @param processDefinitionId the engine's id of this version
 * @param version the engine's version number (1, 2, ...)
 */
public record RootVersion(String rootId, String processDefinitionId, int version) {}
