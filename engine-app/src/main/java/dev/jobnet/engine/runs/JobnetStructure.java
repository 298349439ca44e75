package dev.jobnet.engine.runs;

import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.protocol.BpmnProperties;
import dev.jobnet.protocol.http.HttpJobSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SubProcess;

/**
 * The shape of a deployed jobnet, read once from its BPMN: the tree of jobs, nested jobnets, finally
 * blocks and expansions with their ids, names, paths and commands ({@code jobnet.*} properties).
 */
record JobnetStructure(String processKey, String name, List<Node> nodes) {

  /**
   * One job, jobnet, finally or expansion of the definition.
   *
   * @param upstream the element ids of the nodes that lead to it ({@code jobnet.upstream})
   */
  record Node(String elementId, String kind, String name, String path, String server, String command,
      String expands, List<String> upstream, List<Node> children) {}

  static JobnetStructure of(BpmnModelInstance model, String processKey) {
    Process process = model.getModelElementsByType(Process.class).stream()
        .filter(p -> p.getId().equals(processKey)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no process " + processKey + " in its BPMN"));
    return new JobnetStructure(processKey, process.getName() != null ? process.getName() : processKey,
        nodes(process.getFlowElements()));
  }

  private static List<Node> nodes(Collection<FlowElement> elements) {
    List<Node> result = new ArrayList<>();
    for (FlowElement e : elements) {
      if (!(e instanceof FlowNode)) {
        continue;
      }
      Map<String, String> props = ExtensionProperties.of(e);
      String kind = props.get(BpmnProperties.KIND);
      if (kind == null) {
        continue;
      }
      List<Node> children = e instanceof SubProcess sp ? nodes(sp.getFlowElements()) : List.of();
      String expands = e instanceof CallActivity ca ? ca.getCalledElement() : null;
      String up = props.getOrDefault(BpmnProperties.UPSTREAM, "");
      List<String> upstream = up.isBlank() ? List.of()
          : List.of(up.split(Pattern.quote(BpmnProperties.UPSTREAM_SEPARATOR)));
      result.add(new Node(e.getId(), kind, e.getName() != null ? e.getName() : e.getId(),
          props.get(BpmnProperties.PATH), props.get(BpmnProperties.SERVER), command(props), expands,
          upstream, children));
    }
    return result;
  }

  /** What a job runs as operators read it: its command, or an http job's request ({@code POST https://...}). */
  static String command(Map<String, String> props) {
    String command = props.get(BpmnProperties.COMMAND);
    return command != null ? command : HttpJobSpec.of(props).map(HttpJobSpec::display).orElse(null);
  }
}
