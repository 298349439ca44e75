package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.jobnet.converter.authored.BpmnSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BPMN edited and saved by bpmn-js, Camunda Modeler's library ({@code bpmn/modeler-*.bpmn}), runs with jobnet
 * semantics: a job added from the template after a redrawn flow runs in its place, a failure skips what
 * follows it, a nested jobnet fails with its job, and a finally still runs.
 */
class ModelerBpmnSemanticsTest {

  /** Tests run in the module directory; the examples live at the repository root. */
  private static final Path EXAMPLES = Path.of("..", "bpmn");

  private JobnetRun run;

  @AfterEach
  void undeploy() {
    if (run != null) {
      run.undeploy();
    }
  }

  @Test
  void aConvertedJobnetEditedInModelerRunsTheAddedJobWhereTheRedrawnFlowPutsIt() throws IOException {
    // given: modeler-edited.bpmn: 'verify' added from the template between 'load' and the finally
    run = JobnetRun.deployBpmn(List.of(source("modeler-edited.bpmn"))).start("modeler-edited");
    // when
    run.runToEnd();
    // then
    assertThat(run.ran()).containsExactly("extract", "transform-a", "transform-b", "load", "verify", "_finally.cleanup");
    assertThat(run.outcome()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aFailureInAModelerEditedJobnetSkipsTheAddedJobAndTheFinallyStillRuns() throws IOException {
    // given
    run = JobnetRun.deployBpmn(List.of(source("modeler-edited.bpmn"))).start("modeler-edited");
    // when: 'load' fails
    run.runToEnd("load");
    // then
    assertThat(run.ran()).containsExactly("extract", "transform-a", "transform-b", "load", "_finally.cleanup");
    assertThat(run.states()).contains(entry("load", "FAILED"), entry("verify", "SKIPPED"),
        entry("_finally.cleanup", "SUCCEEDED"));
    assertThat(run.reason("verify")).isEqualTo("upstream load FAILED");
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void aJobnetDrawnInModelerRunsItsExpansionNestedJobnetAndFinallyWithJobnetSemantics() throws IOException {
    // given: modeler-drawn.bpmn, which expands job-test
    run = JobnetRun.deployBpmn(List.of(source("modeler-drawn.bpmn")), """
        jobnets:
          job-test:
            jobs:
              hello: echo hello
        """).start("modeler-drawn");
    // when: the nested jobnet's second job fails, as the example's command does
    run.runToEnd("Activity_check");
    // then
    assertThat(run.ran()).containsExactly("Activity_fetch", "hello", "Activity_resize", "Activity_check", "Activity_tidy");
    assertThat(run.states()).contains(entry("Activity_fetch", "SUCCEEDED"), entry("Activity_1expand", "SUCCEEDED"),
        entry("Activity_check", "FAILED"), entry("Activity_0nested", "FAILED"), entry("Activity_publish", "SKIPPED"),
        entry("Activity_0finally", "SUCCEEDED"), entry("Activity_tidy", "SUCCEEDED"));
    assertThat(run.outcome()).isEqualTo("FAILED");
  }

  @Test
  void theAgentIsToldTheDerivedPathAndTheEnvironmentOfTheTemplatesField() throws IOException {
    // given
    run = JobnetRun.deployBpmn(List.of(source("modeler-edited.bpmn"))).start("modeler-edited");
    run.finish("extract", "SUCCEEDED").finish("transform-a", "SUCCEEDED").finish("transform-b", "SUCCEEDED")
        .finish("load", "SUCCEEDED");
    // when: an agent fetches the added job as agents do, with the element's properties
    var verify = run.engine().getExternalTaskService().fetchAndLock(1, "agent").topic("jobnet.default", 60_000)
        .includeExtensionProperties().execute().get(0);
    // then
    assertThat(verify.getActivityId()).isEqualTo("verify");
    assertThat(verify.getExtensionProperties()).containsEntry("jobnet.path", "/modeler-edited/verify")
        .containsEntry("jobnet.env.CHECK_MODE", "strict")
        .containsEntry("jobnet.retries", "0")
        .containsEntry("jobnet.timeout", "PT1M");
  }

  private static BpmnSource source(String name) throws IOException {
    return new BpmnSource(name, Files.readAllBytes(EXAMPLES.resolve(name)));
  }
}
