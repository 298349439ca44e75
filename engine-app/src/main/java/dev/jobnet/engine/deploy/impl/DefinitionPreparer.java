package dev.jobnet.engine.deploy.impl;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.authored.BpmnProcess;
import dev.jobnet.converter.authored.BpmnSource;
import dev.jobnet.converter.authored.CheckedBpmn;
import dev.jobnet.converter.model.RootJobnet;
import dev.jobnet.engine.deploy.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link DefinitionSet} against what is deployed and, when it has no problem, converts it:
 *
 * <ul>
 *   <li>each BPMN file must be BPMN the model API reads;
 *   <li>the YAML and the BPMN files are validated as one set by the converter: a BPMN process with a job
 *       or an expansion is checked as a jobnet and deployed with its jobnet properties derived again from
 *       its diagram, other BPMN as it is; expansions resolve against the set and the roots already
 *       deployed for the tenant (a root of the set replaces the deployed one of the same id, so recursion
 *       through deployed roots is found); no process key may be defined twice;
 *   <li>a YAML root may not have the id of a process in a BPMN file of the set, nor of a deployed process
 *       the converter did not make (it would silently replace someone's BPMN process);
 *   <li>no two resources may have one name.
 * </ul>
 *
 * <p>Every problem of every file is reported at once. Stateless and thread-safe.
 */
public final class DefinitionPreparer {

  private final JobnetConverter converter;

  public DefinitionPreparer(JobnetConverter converter) {
    this.converter = converter;
  }

  public Preparation prepare(DefinitionSet set, DeploymentSnapshot snapshot) {
    List<Problem> problems = new ArrayList<>();
    List<BpmnSource> bpmnSources = new ArrayList<>();
    Map<String, DefinitionSet.BpmnSource> sourceByFile = new HashMap<>();
    for (DefinitionSet.BpmnSource bpmn : set.bpmn()) {
      try {
        // Camunda's model API first: what it cannot read, the engine would refuse.
        BpmnProcesses.read(bpmn.content());
      } catch (BpmnProcesses.UnreadableBpmnException e) {
        problems.add(Problem.bpmn(bpmn.file(), e.line(), e.column(), e.getMessage()));
        continue;
      }
      bpmnSources.add(new BpmnSource(bpmn.file(), bpmn.content()));
      sourceByFile.put(bpmn.file(), bpmn);
    }
    // YAML and BPMN as one set: BPMN jobnets checked as jobnets and their properties derived again,
    // expansions resolved across both and the deployed roots, keys defined twice reported.
    Validation validation = converter.validate(set.yaml(), bpmnSources, snapshot.knownJobnets());
    set.unreadable().forEach(f -> problems.add(Problem.of(f)));
    validation.findings().forEach(f -> problems.add(Problem.of(f)));
    Map<String, String> fileByProcessKey = new HashMap<>();
    List<Preparation.Resource> bpmnResources = new ArrayList<>();
    for (CheckedBpmn checked : validation.bpmn()) {
      checked.processes().forEach(p -> fileByProcessKey.putIfAbsent(p.key(), checked.name()));
      bpmnResources.add(new Preparation.Resource(sourceByFile.get(checked.name()).resourceName(), checked.content(),
          checked.name(), checked.processes().stream().map(BpmnProcess::key).toList(), checked.hasJobnet()));
    }
    for (RootJobnet root : validation.set().byId().values()) {
      if (!fileByProcessKey.containsKey(root.id()) && snapshot.isOtherProcess(root.id())) {
        problems.add(Problem.of(new Finding(FindingCode.DUPLICATE_ROOT_ID, root.location(), "'" + root.id()
            + "' is already deployed as a BPMN process that is not a jobnet; deploying this root would replace it."
            + " Choose another id")));
      }
    }
    Map<String, String> fileByResource = new HashMap<>();
    for (Preparation.Resource r : bpmnResources) {
      String other = fileByResource.putIfAbsent(r.name(), r.file());
      if (other != null) {
        problems.add(Problem.bpmn(r.file(), 1, 1, "the resource name '" + r.name() + "' is also the name of " + other
            + "; rename one of the files"));
      }
    }
    for (RootJobnet root : validation.set().byId().values()) {
      String other = fileByResource.get(root.id() + ".bpmn");
      if (other != null && !fileByProcessKey.containsKey(root.id())) {
        problems.add(Problem.of(new Finding(FindingCode.DUPLICATE_ROOT_ID, root.location(), "root jobnet '" + root.id()
            + "' is deployed as the resource " + root.id() + ".bpmn, which is also the name of " + other
            + "; rename the file or the root")));
      }
    }
    if (!problems.isEmpty()) {
      return new Preparation(set, snapshot, problems, List.of());
    }
    Map<String, String> fileByRoot = new HashMap<>();
    validation.set().roots().forEach(r -> fileByRoot.putIfAbsent(r.id(), r.location().file()));
    List<Preparation.Resource> resources = new ArrayList<>();
    for (ConvertedJobnet converted : converter.convert(validation)) {
      resources.add(new Preparation.Resource(converted.fileName(), converted.bpmnXml().getBytes(StandardCharsets.UTF_8),
          fileByRoot.get(converted.rootId()), List.of(converted.rootId())));
    }
    resources.addAll(bpmnResources);
    return new Preparation(set, snapshot, List.of(), resources);
  }
}
