package dev.jobnet.engine.deploy.impl;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.check.KnownJobnets;
import dev.jobnet.converter.model.RootJobnet;
import dev.jobnet.engine.deploy.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link DefinitionSet} against what is deployed and, when it has no problem, converts it:
 *
 * <ul>
 *   <li>each BPMN file must be BPMN the model API reads, and no process key may be defined twice;
 *   <li>the YAML is validated as one set by the converter; expansions resolve against the set, the roots
 *       of the BPMN files, and the roots already deployed for the tenant (a root of the set or of a file
 *       replaces the deployed one of the same id, so recursion through deployed roots is found);
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
    List<Preparation.Resource> bpmnResources = new ArrayList<>();
    Map<String, String> fileByProcessKey = new HashMap<>();
    Map<String, Set<String>> known = new LinkedHashMap<>(snapshot.knownJobnets().expansionsByRoot());
    for (DefinitionSet.BpmnSource bpmn : set.bpmn()) {
      List<ProcessInfo> processes;
      try {
        processes = BpmnProcesses.read(bpmn.content());
      } catch (BpmnProcesses.UnreadableBpmnException e) {
        problems.add(Problem.bpmn(bpmn.file(), e.line(), e.column(), e.getMessage()));
        continue;
      }
      List<String> keys = new ArrayList<>();
      for (ProcessInfo process : processes) {
        String other = fileByProcessKey.putIfAbsent(process.key(), bpmn.file());
        if (other != null) {
          problems.add(Problem.bpmn(bpmn.file(), 1, 1, "process '" + process.key() + "' is also defined in " + other
              + "; one deployment cannot hold a process key twice"));
        }
        keys.add(process.key());
        // The file's version replaces the deployed one: expansions resolve against what will be deployed.
        known.remove(process.key());
        if (process.jobnetRoot()) {
          known.put(process.key(), process.expansions());
        }
      }
      bpmnResources.add(new Preparation.Resource(bpmn.resourceName(), bpmn.content(), bpmn.file(), keys));
    }

    Validation validation = converter.validate(set.yaml(), new KnownJobnets(known));
    set.unreadable().forEach(f -> problems.add(Problem.of(f)));
    validation.findings().forEach(f -> problems.add(Problem.of(f)));
    for (RootJobnet root : validation.set().byId().values()) {
      String file = fileByProcessKey.get(root.id());
      if (file != null) {
        problems.add(Problem.of(new Finding(FindingCode.DUPLICATE_ROOT_ID, root.location(), "root jobnet '" + root.id()
            + "' is also a process in " + file + ", which is deployed with it; rename one of them")));
      } else if (snapshot.isOtherProcess(root.id())) {
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
