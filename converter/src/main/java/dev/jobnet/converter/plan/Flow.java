package dev.jobnet.converter.plan;

/** A sequence flow between two nodes of the same container, given by their index there. */
public record Flow(String id, int source, int target) {}
