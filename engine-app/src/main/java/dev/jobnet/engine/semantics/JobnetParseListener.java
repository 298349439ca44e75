package dev.jobnet.engine.semantics;

import dev.jobnet.engine.bpmn.ExtensionProperties;
import dev.jobnet.protocol.BpmnProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.CallActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.core.model.CallableElement;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Gives converted jobnets their run-time semantics as the engine parses them: every job, nested
 * jobnet, finally and expansion is gated (skipped when its jobnet was stopped or a job leading to it
 * did not succeed), and every node records its final state when it ends. Elements without
 * {@code jobnet.kind} (BPMN not made by the converter) are left alone.
 *
 * <p>The start and end listeners are built-in listeners, as Camunda's history listeners are: a
 * deletion that skips custom listeners (Cockpit's delete by default, {@code skipCustomListeners=true}
 * of the REST API) still records the run and its running jobs STOPPED, releases the business key and
 * tells the event log.
 */
final class JobnetParseListener extends AbstractBpmnParseListener {

  private final NodeStateStore store;
  private final RunningKeyStore keys;
  private final Integer historyDays;
  private final SemanticsListener listener;

  JobnetParseListener(NodeStateStore store, RunningKeyStore keys, Integer historyDays, SemanticsListener listener) {
    this.store = store;
    this.keys = keys;
    this.historyDays = historyDays;
    this.listener = listener;
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    spec(element, activity, NodeKind.JOB).ifPresent(spec -> {
      String topic = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "topic");
      // A scope of its own: the job's local variables (the agent's result) stay its own.
      activity.setScope(true);
      activity.setActivityBehavior(new GatedExternalTaskBehavior(topic, spec, store));
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, new NodeEndListener(spec, store));
    });
  }

  @Override
  public void parseSubProcess(Element element, ScopeImpl scope, ActivityImpl activity) {
    Optional<NodeSpec> spec = spec(element, activity, NodeKind.JOBNET);
    spec.ifPresent(s -> {
      NodeSpec withChildren = s.withChildren(children(activity));
      activity.setProperty(NodeSpec.PROPERTY, withChildren);
      activity.setActivityBehavior(new GatedSubProcessBehavior(withChildren, store));
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, new NodeEndListener(withChildren, store));
    });
  }

  @Override
  public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
    spec(element, activity, NodeKind.EXPANSION).ifPresent(spec -> {
      CallActivityBehavior original = (CallActivityBehavior) activity.getActivityBehavior();
      CallableElement callable = original.getCallableElement();
      activity.setActivityBehavior(new GatedCallActivityBehavior(callable, spec, store));
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, new NodeEndListener(spec, store));
    });
  }

  @Override
  public void parseProcess(Element element, ProcessDefinitionEntity process) {
    Map<String, String> props = ExtensionProperties.of(element);
    if (!NodeKind.ROOT.property().equals(props.get(BpmnProperties.KIND))) {
      return;
    }
    if (historyDays != null) {
      process.setHistoryTimeToLive(historyDays);
    }
    NodeSpec spec = new NodeSpec(JobnetVariables.PROCESS_ELEMENT, NodeKind.ROOT, List.of(), List.of(),
        children(process));
    process.addBuiltInListener(ExecutionListener.EVENTNAME_START, new RootStartListener(keys, listener, store));
    process.addBuiltInListener(ExecutionListener.EVENTNAME_END, new RootEndListener(spec, store, keys));
  }

  /** The spec of an element the converter marked with {@code jobnet.kind}, stored on the activity. */
  private static Optional<NodeSpec> spec(Element element, ActivityImpl activity, NodeKind expected) {
    Map<String, String> props = ExtensionProperties.of(element);
    Optional<NodeKind> kind = NodeKind.ofProperty(props.getOrDefault(BpmnProperties.KIND, ""));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    if (kind.get() != expected && !(expected == NodeKind.JOBNET && kind.get() == NodeKind.FINALLY)) {
      return Optional.empty();
    }
    String upstream = props.getOrDefault(BpmnProperties.UPSTREAM, "");
    List<String> ups = upstream.isBlank() ? List.of()
        : Arrays.asList(upstream.split(Pattern.quote(BpmnProperties.UPSTREAM_SEPARATOR)));
    List<String> scopes = new ArrayList<>();
    for (ScopeImpl s = activity.getFlowScope(); s instanceof ActivityImpl a; s = a.getFlowScope()) {
      scopes.add(a.getId());
    }
    NodeSpec spec = new NodeSpec(activity.getId(), kind.get(), ups, scopes, List.of());
    activity.setProperty(NodeSpec.PROPERTY, spec);
    return Optional.of(spec);
  }

  /** The direct children of a jobnet that count for its outcome (parsed before their parent). */
  private static List<String> children(ScopeImpl scope) {
    List<String> ids = new ArrayList<>();
    for (ActivityImpl child : scope.getActivities()) {
      if (child.getProperty(NodeSpec.PROPERTY) != null) {
        ids.add(child.getId());
      }
    }
    return ids;
  }
}
