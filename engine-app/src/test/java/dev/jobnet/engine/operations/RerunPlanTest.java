package dev.jobnet.engine.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.NodeKind;
import dev.jobnet.engine.semantics.NodeStateTable.Row;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

/** What a rerun clears and carries over, on converted jobnets. */
class RerunPlanTest {

  private static final String FORK = """
      jobnets:
        fork:
          jobs:
            first: { run: echo first, next: [long, side] }
            long: { run: echo long, next: after }
            side: { run: echo side, next: after }
            after: echo after
          finally:
            jobs:
              cleanup: echo cleanup
      """;

  private static final String NESTED = """
      jobnets:
        nested:
          jobs:
            prepare: { run: echo prepare, next: work }
            work:
              jobnet:
                jobs:
                  step-1: { run: echo step 1, next: step-2 }
                  step-2: echo step 2
                finally:
                  jobs:
                    release: echo release
              next: report
            report: echo report
          finally:
            jobs:
              cleanup: echo cleanup
      """;

  @Test
  void aRerunJobClearsItselfWhatFollowsItAndTheFinallyAndKeepsTheRest() {
    Map<String, Row> old = rows("_process FAILED", "first SUCCEEDED", "long SUCCEEDED", "side FAILED",
        "after SKIPPED", "_finally SUCCEEDED", "_finally.cleanup SUCCEEDED");

    RerunPlan plan = RerunPlan.of(model(FORK), old, Set.of("side"), Set.of());

    assertThat(plan.cleared()).contains("side", "after", "_finally", "_finally.cleanup")
        .doesNotContain("first", "long");
    assertThat(ids(plan.carried("old", Set.of(), null, Set.of("side"), Map.of("side", 1))))
        .containsExactlyInAnyOrder("first SUCCEEDED", "long SUCCEEDED", "side WAITING");
    assertThat(plan.carried("old", Set.of(), null, Set.of("side"), Map.of("side", 1)))
        .extracting(Row::reason).containsExactly("SUCCEEDED in run old: not run again",
            "SUCCEEDED in run old: not run again", "rerun after attempt 1");
  }

  @Test
  void aMarkedJobIsCarriedSucceededAndWhatFollowsItIsCleared() {
    Map<String, Row> old = rows("_process FAILED", "first SUCCEEDED", "long SUCCEEDED", "side FAILED",
        "after SKIPPED", "_finally SUCCEEDED", "_finally.cleanup SUCCEEDED");

    RerunPlan plan = RerunPlan.of(model(FORK), old, Set.of(), Set.of("side"));

    assertThat(ids(plan.carried("old", Set.of("side"), "marked", Set.of(), Map.of())))
        .containsExactlyInAnyOrder("first SUCCEEDED", "long SUCCEEDED", "side SUCCEEDED");
  }

  @Test
  void aRerunInANestedJobnetClearsTheJobnetsAroundItAndWhatFollowsThemUpToTheRoot() {
    Map<String, Row> old = rows("_process FAILED", "prepare SUCCEEDED", "work FAILED", "work.step-1 FAILED",
        "work.step-2 SKIPPED", "work._finally SUCCEEDED", "work._finally.release SUCCEEDED", "report SKIPPED",
        "_finally SUCCEEDED", "_finally.cleanup SUCCEEDED");

    RerunPlan plan = RerunPlan.of(model(NESTED), old, Set.of("work.step-1"), Set.of());

    assertThat(ids(plan.carried("old", Set.of(), null, Set.of("work.step-1"), Map.of())))
        .containsExactlyInAnyOrder("prepare SUCCEEDED");
  }

  @Test
  void inARunningRunTheJoinAfterTheRerunJobLosesItsWaitingTokensAndGetsBackThoseOfBranchesThatDelivered() {
    Map<String, Row> old = rows("first SUCCEEDED", "long SUCCEEDED", "side FAILED");
    BpmnModelInstance model = model(FORK);

    RerunPlan.InPlace waiting = RerunPlan.inPlace(model, old, "side", false, Set.of("after._join")).flow();
    RerunPlan.InPlace fired = RerunPlan.inPlace(model, rows("first SUCCEEDED", "long SUCCEEDED", "side FAILED",
        "after SKIPPED"), "side", false, Set.of()).flow();
    RerunPlan.InPlace longRuns = RerunPlan.inPlace(model, rows("first SUCCEEDED", "side FAILED"), "side", true,
        Set.of("long", "after._join")).flow();

    assertThat(waiting.startBefore()).isEqualTo("side");
    assertThat(waiting.cancelAt()).containsExactly("after._join");
    assertThat(waiting.startFlows()).extracting(id -> sourceOf(model, id)).containsExactly("long");
    assertThat(fired.cancelAt()).isEmpty();
    assertThat(fired.startFlows()).extracting(id -> sourceOf(model, id)).containsExactly("long");
    assertThat(longRuns.startBefore()).as("marked: the flow leaves it").isNull();
    assertThat(longRuns.startFlows()).extracting(id -> sourceOf(model, id)).as("long delivers its own token")
        .containsExactly("side");
  }

  @Test
  void inARunningRunWhatWouldRunAgainMustNotRunNow() {
    Map<String, Row> old = rows("first SUCCEEDED", "long SUCCEEDED", "side FAILED", "after SKIPPED");

    assertThatThrownBy(() -> RerunPlan.inPlace(model(FORK), old, "side", false, Set.of("_finally")))
        .isInstanceOf(IllegalStateException.class).hasMessage("_finally");
  }

  private static String sourceOf(BpmnModelInstance model, String flowId) {
    return ((org.camunda.bpm.model.bpmn.instance.SequenceFlow) model.getModelElementById(flowId)).getSource().getId();
  }

  private static List<String> ids(List<Row> rows) {
    return rows.stream().map(r -> r.elementId() + " " + r.state()).toList();
  }

  private static Map<String, Row> rows(String... idAndState) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String s : idAndState) {
      String[] p = s.split(" ");
      NodeKind kind = p[0].equals("_process") ? NodeKind.ROOT : p[0].equals("work") ? NodeKind.JOBNET
          : p[0].endsWith("_finally") ? NodeKind.FINALLY : NodeKind.JOB;
      rows.put(p[0], new Row(p[0], kind, JobState.valueOf(p[1]), null));
    }
    return rows;
  }

  private static BpmnModelInstance model(String yaml) {
    JobnetConverter converter = new JobnetConverter();
    Validation v = converter.validate(List.of(new SourceFile("plan.yaml", yaml)));
    assertThat(v.findings()).isEmpty();
    ConvertedJobnet c = converter.convert(v).get(0);
    return Bpmn.readModelFromStream(new ByteArrayInputStream(c.bpmnXml().getBytes(StandardCharsets.UTF_8)));
  }
}
