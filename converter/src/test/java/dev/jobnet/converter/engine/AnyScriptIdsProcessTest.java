package dev.jobnet.converter.engine;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ids in any script, as the converter accepts them, are ids Camunda deploys and runs: root jobnets,
 * jobs, nested jobnets, finally, expansions.
 */
class AnyScriptIdsProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  @Test
  void aJobnetWithJapaneseIdsRunsItsParallelJobsNestedJobnetExpansionAndFinally() {
    // given
    deployer.deploy("""
        version: 1
        jobnets:
          夜間バッチ:
            name: 夜間バッチ処理
            jobs:
              取込:   { run: /opt/batch/import.sh, next: [集計, 変換] }
              集計:   { run: /opt/batch/sum.sh, next: 保管 }
              変換:   { run: /opt/batch/convert.sh, next: 保管 }
              保管:
                jobnet:
                  jobs:
                    圧縮: { run: /opt/batch/pack.sh }
                    月次: { expand: 月次レポート }
            finally:
              jobs:
                後始末: { run: /opt/batch/cleanup.sh }
          月次レポート:
            jobs:
              出力: { run: /opt/batch/report.sh }
        """);

    // when
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("夜間バッチ");
    complete(externalTask("取込", run));

    // then the two jobs after it run side by side, then the nested jobnet and its expansion, then finally
    assertThat(run).isWaitingAtExactly("集計", "変換");
    complete(externalTask("集計", run));
    complete(externalTask("変換", run));
    // the join waits for both (one job per arriving flow)
    engine.getManagementService().createJobQuery().activityId("保管._join").list().forEach(j -> execute(j));
    assertThat(run).isWaitingAt("保管", "保管.圧縮");
    complete(externalTask("保管.圧縮", run));
    ProcessInstance report = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("月次レポート").superProcessInstanceId(run.getId()).singleResult();
    assertThat(report).isWaitingAt("出力");
    complete(externalTask("出力", report));
    assertThat(report).isEnded();
    assertThat(run).isWaitingAt("_finally.後始末");
    complete(externalTask("_finally.後始末", run));
    assertThat(run).isEnded()
        .hasPassedInOrder("取込", "保管.圧縮", "保管.月次", "_finally.後始末")
        .hasPassed("集計", "変換", "保管");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Über-Nacht", "ночной_импорт", "नमस्ते", "مرحبا", "สวัสดี", "한국어", "批处理", "Ελλάδα",
      "a·b", "x٣", "データ取込ー2"})
  void idsOfOtherScriptsDeployAndRun(String id) {
    // given
    deployer.deploy("""
        version: 1
        jobnets:
          %1$s:
            jobs:
              %1$s-1: { run: /opt/batch/a.sh }
        """.formatted(id));

    // when
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey(id);
    complete(externalTask(id + "-1", run));

    // then
    assertThat(run).isEnded().hasPassed(id + "-1");
  }

  @Test
  void jobIdsLikeTheIdsOfShapesAndDiagramsDeploy() {
    // given: ids the diagram's own ids could have met (the shape of 'load' was once 'load_di')
    deployer.deploy("""
        version: 1
        jobnets:
          nightly:
            jobs:
              load:            { run: /opt/batch/load.sh, next: load_di }
              load_di:         { run: /opt/batch/load-di.sh, next: Diagram_nightly }
              Diagram_nightly: { run: /opt/batch/d.sh, next: Plane_nightly }
              Plane_nightly:   { run: /opt/batch/p.sh, next: Definitions_nightly }
              Definitions_nightly: { run: /opt/batch/defs.sh }
        """);

    // when
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("nightly");
    for (String job : new String[] {"load", "load_di", "Diagram_nightly", "Plane_nightly", "Definitions_nightly"}) {
      complete(externalTask(job, run));
    }

    // then
    assertThat(run).isEnded().hasPassedInOrder("load", "load_di", "Diagram_nightly", "Plane_nightly", "Definitions_nightly");
  }
}
