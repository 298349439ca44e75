package dev.jobnet.engine.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.engine.deploy.TestBpmn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BpmnProcessesTest {

  @Test
  void aConvertedRootIsAJobnetRootWithItsExpansionsAlsoFromNestedJobnets() {
    // given
    var converter = new JobnetConverter();
    var validation = converter.validate(List.of(new SourceFile("x.yaml", """
        jobnets:
          main:
            jobs:
              first: { run: /bin/true }
              inner:
                jobnet:
                  jobs:
                    deep: { expand: lib-b }
              call: { expand: lib-a }
          lib-a:
            jobs: { a: /bin/true }
          lib-b:
            jobs: { b: /bin/true }
        """)));
    byte[] main = converter.convert(validation).get(0).bpmnXml().getBytes(StandardCharsets.UTF_8);
    // when
    List<ProcessInfo> processes = BpmnProcesses.read(main);
    // then
    assertThat(processes).containsExactly(new ProcessInfo("main", true, Set.of("lib-a", "lib-b")));
  }

  @Test
  void handWrittenBpmnIsNoJobnetRoot() {
    // when
    List<ProcessInfo> processes = BpmnProcesses.read(TestBpmn.plainProcess("plain").getBytes(StandardCharsets.UTF_8));
    // then
    assertThat(processes).containsExactly(new ProcessInfo("plain", false, Set.of()));
  }

  @Test
  void xmlThatIsNotWellFormedIsLocated() {
    // when / then
    assertThatThrownBy(() -> BpmnProcesses.read(TestBpmn.NOT_WELL_FORMED.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(BpmnProcesses.UnreadableBpmnException.class, e -> {
          assertThat(e.line()).isEqualTo(4);
          assertThat(e.column()).isPositive();
          assertThat(e.getMessage()).isEqualTo("not a BPMN 2.0 file Camunda reads: The element type \"process\" must"
              + " be terminated by the matching end-tag \"</process>\".");
        });
  }
}
