package dev.jobnet.converter.plan;

import java.util.Map;

/**
 * One BPMN flow node of the plan.
 *
 * @param properties Camunda extension properties ({@code jobnet.*}), in the order they are written
 * @param child the content of a subprocess, else {@code null}
 * @param detail the topic of a service task, the called element of a call activity, the cron of a
 *     timer start, else {@code null}
 * @param documentation text shown by Modeler and Cockpit (the command of a job), or {@code null}
 */
public record FlowNode(
    String id,
    FlowNodeType kind,
    String name,
    Map<String, String> properties,
    Container child,
    String detail,
    String documentation) {}
