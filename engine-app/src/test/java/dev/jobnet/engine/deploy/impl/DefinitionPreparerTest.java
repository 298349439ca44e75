package dev.jobnet.engine.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.engine.deploy.Problem;
import dev.jobnet.engine.deploy.TestBpmn;
import dev.jobnet.engine.deploy.UploadedFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks against what is deployed, without an engine: the snapshot is written by hand. */
class DefinitionPreparerTest {

  private final DefinitionPreparer preparer = new DefinitionPreparer(new JobnetConverter());

  private static UploadedFile yaml(String name, String text) {
    return new UploadedFile(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String root(String id, String... expands) {
    StringBuilder sb = new StringBuilder("jobnets:\n  " + id + ":\n    jobs:\n      first: { run: /bin/true }\n");
    for (String e : expands) {
      sb.append("      to-").append(e).append(": { expand: ").append(e).append(" }\n");
    }
    return sb.toString();
  }

  private static DeploymentSnapshot deployed(Map<String, ProcessInfo> processes) {
    Map<String, DeploymentSnapshot.Latest> latest = new java.util.LinkedHashMap<>();
    processes.forEach((key, p) -> latest.put(key, new DeploymentSnapshot.Latest(key + ":1:id", 1, p)));
    return new DeploymentSnapshot(Optional.empty(), latest);
  }

  @Test
  void aValidSetBecomesOneResourcePerRootNamedByItsId() {
    // given
    DefinitionSet set = DefinitionSet.ofYaml(Optional.empty(), List.of(yaml("a.yaml", root("a", "b")), yaml("b.yaml", root("b"))));
    // when
    Preparation p = preparer.prepare(set, DeploymentSnapshot.empty(Optional.empty()));
    // then
    assertThat(p.problems()).isEmpty();
    assertThat(p.resources()).extracting(Preparation.Resource::name, Preparation.Resource::file, Preparation.Resource::processKeys)
        .containsExactly(tuple("a.bpmn", "a.yaml", List.of("a")), tuple("b.bpmn", "b.yaml", List.of("b")));
  }

  @Test
  void expansionsResolveAgainstDeployedRootsAndRecursionThroughThemIsFound() {
    // given: deployed lib expands base; base expands nothing
    DeploymentSnapshot snapshot = deployed(Map.of(
        "lib", new ProcessInfo("lib", true, Set.of("base")),
        "base", new ProcessInfo("base", true, Set.of())));
    // when
    Preparation uses = preparer.prepare(DefinitionSet.ofYaml(Optional.empty(), List.of(yaml("m.yaml", root("m", "lib")))), snapshot);
    Preparation loops = preparer.prepare(DefinitionSet.ofYaml(Optional.empty(), List.of(yaml("base.yaml", root("base", "lib")))), snapshot);
    // then
    assertThat(uses.problems()).isEmpty();
    assertThat(loops.problems()).extracting(Problem::code, Problem::file, Problem::line)
        .containsExactly(tuple("JN402", "base.yaml", 5));
    assertThat(loops.problems().get(0).message()).contains("base -> lib -> base");
  }

  @Test
  void aRootMayNotReplaceAProcessThatIsNoJobnetNorShareItsIdWithABpmnFileOfTheSet() {
    // given
    DeploymentSnapshot snapshot = deployed(Map.of("invoice", new ProcessInfo("invoice", false, Set.of())));
    DefinitionSet set = DefinitionSet.of(Optional.empty(),
        List.of(yaml("jobnets.yaml", root("invoice") + root("plain").replace("jobnets:\n", ""))),
        List.of(new DefinitionSet.BpmnSource("plain.bpmn", "legacy/plain.bpmn",
            TestBpmn.plainProcess("plain").getBytes(StandardCharsets.UTF_8))));
    // when
    Preparation p = preparer.prepare(set, snapshot);
    // then
    assertThat(p.problems()).extracting(Problem::code, Problem::line, Problem::message).containsExactly(
        tuple("JN202", 2, "'invoice' is already deployed as a BPMN process that is not a jobnet; deploying this root"
            + " would replace it. Choose another id"),
        tuple("JN202", 5, "root jobnet 'plain' is also a process in plain.bpmn; rename one of them"));
    assertThat(p.resources()).isEmpty();
  }

  @Test
  void bpmnFilesThatCannotBeReadOrRepeatAProcessAreProblemsBesideTheFindings() {
    // given
    byte[] plain = TestBpmn.plainProcess("plain").getBytes(StandardCharsets.UTF_8);
    DefinitionSet set = DefinitionSet.of(Optional.empty(),
        List.of(yaml("bad.yaml", "jobnets:\n  x:\n    jobs: { a: { run: a, nxt: b } }\n"),
            new UploadedFile("latin1.yaml", "name: Café".getBytes(StandardCharsets.ISO_8859_1))),
        List.of(new DefinitionSet.BpmnSource("a.bpmn", "a.bpmn", plain),
            new DefinitionSet.BpmnSource("b.bpmn", "b.bpmn", plain),
            new DefinitionSet.BpmnSource("c.bpmn", "c.bpmn", TestBpmn.NOT_WELL_FORMED.getBytes(StandardCharsets.UTF_8))));
    // when
    Preparation p = preparer.prepare(set, DeploymentSnapshot.empty(Optional.empty()));
    // then
    assertThat(p.problems()).extracting(Problem::code, Problem::file, Problem::line).containsExactly(
        tuple("JN202", "b.bpmn", 4),
        tuple("JN003", "bad.yaml", 3),
        tuple("BPMN", "c.bpmn", 4),
        tuple("JN007", "latin1.yaml", 1));
    assertThat(p.problems().get(0).message()).isEqualTo(
        "process 'plain' is also defined in a.bpmn; one deployment cannot hold a process key twice");
  }

  @Test
  void aRootsResourceMayNotTakeTheNameOfABpmnFile() {
    // given
    DefinitionSet set = DefinitionSet.of(Optional.empty(), List.of(yaml("r.yaml", root("report"))),
        List.of(new DefinitionSet.BpmnSource("dir/report.bpmn", "report.bpmn",
            TestBpmn.plainProcess("other").getBytes(StandardCharsets.UTF_8))));
    // when
    Preparation p = preparer.prepare(set, DeploymentSnapshot.empty(Optional.empty()));
    // then
    assertThat(p.problems()).extracting(Problem::code, Problem::file).containsExactly(tuple("JN202", "r.yaml"));
    assertThat(p.problems().get(0).message()).contains("resource report.bpmn", "dir/report.bpmn");
  }
}
