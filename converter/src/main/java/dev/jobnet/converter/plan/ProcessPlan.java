package dev.jobnet.converter.plan;

import java.util.Map;

/**
 * Everything one root jobnet's BPMN holds: the executable process with its attributes and properties,
 * and the tree of containers. Built by {@link PlanBuilder}, drawn by the layout, written by the BPMN
 * writer.
 */
public record ProcessPlan(
    String processId, String name, String historyTimeToLive, Map<String, String> properties, Container root) {}
