package dev.jobnet.converter.authored;

/**
 * A BPMN file to check: made or edited in Camunda Modeler, or written by the converter.
 *
 * @param name the file as findings name it
 * @param content its bytes (UTF-8 XML)
 */
public record BpmnSource(String name, byte[] content) {}
