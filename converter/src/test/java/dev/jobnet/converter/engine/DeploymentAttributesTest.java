package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.converter.ConvertedJobnet;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the engine keeps of a deployed jobnet: history time to live, names, identical redeployments. */
class DeploymentAttributesTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);

  static final String NIGHTLY = """
      version: 1
      jobnets:
        nightly-import:
          name: 夜間取込
          jobs:
            extract: { name: 抽出, run: /opt/batch/extract.sh }
            archive:
              name: 保管
              jobnet:
                jobs:
                  pack: { name: 圧縮 「月次」, run: /opt/batch/pack.sh }
      """;

  @Test
  void deployedDefinitionHasAHistoryTimeToLiveAndTheJapaneseNames() {
    // when
    deployer.deploy(NIGHTLY);

    // then
    ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("nightly-import").singleResult();
    assertThat(definition.getHistoryTimeToLive()).isEqualTo(30);
    assertThat(definition.getName()).isEqualTo("夜間取込");
    BpmnModelInstance model = engine.getRepositoryService().getBpmnModelInstance(definition.getId());
    assertThat(model.<FlowElement>getModelElementById("extract").getName()).isEqualTo("抽出");
    assertThat(model.<FlowElement>getModelElementById("archive").getName()).isEqualTo("保管");
    assertThat(model.<FlowElement>getModelElementById("archive.pack").getName()).isEqualTo("圧縮 「月次」");
  }

  @Test
  void withoutAHistoryTimeToLiveTheEngineRefusesTheDeployment() {
    // given the converter's BPMN without the attribute it writes
    ConvertedJobnet converted = JobnetDeployer.convert(NIGHTLY).get(0);
    String xml = converted.bpmnXml().replaceFirst(" camunda:historyTimeToLive=\"\\d+\"", "");
    assertThat(xml).isNotEqualTo(converted.bpmnXml());

    // when / then
    assertThatThrownBy(() -> deployer.deploy(List.of(new ConvertedJobnet(converted.rootId(), xml))))
        .hasMessageContaining("ENGINE-12018");
  }

  @Test
  void convertingAndDeployingTheSameJobnetAgainCreatesNoNewVersion() {
    // given
    Deployment first = deployer.deploy(NIGHTLY);

    // when
    var builder = engine.getRepositoryService().createDeployment().name("jobnets-under-test")
        .enableDuplicateFiltering(true);
    JobnetDeployer.convert(NIGHTLY).forEach(c -> builder.addString(c.fileName(), c.bpmnXml()));
    Deployment second = builder.deploy();
    engine.manageDeployment(second);

    // then
    assertThat(second.getId()).isEqualTo(first.getId());
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("nightly-import")
        .count()).isOne();
  }

  @Test
  void environmentIsWrittenInNameOrderSoEveryJvmWritesTheSameBpmn() {
    // given (the order of Map.copyOf changes from one JVM to the next; a new order would be a new version)
    String yaml = """
        version: 1
        defaults:
          env: { ZONE: a, MODE: b }
        jobnets:
          env-order:
            env: { LANG: ja_JP.UTF-8, BATCH: c }
            jobs:
              run: { run: run.sh, env: { TZ: Asia/Tokyo, APP: d, QUEUE: e } }
        """;

    // when
    String xml = JobnetDeployer.convert(yaml).get(0).bpmnXml();

    // then
    List<String> names = Pattern.compile("name=\"jobnet\\.env\\.([A-Z]+)\"").matcher(xml)
        .results().map(m -> m.group(1)).toList();
    assertThat(names).containsExactly("APP", "BATCH", "LANG", "MODE", "QUEUE", "TZ", "ZONE");
  }
}
