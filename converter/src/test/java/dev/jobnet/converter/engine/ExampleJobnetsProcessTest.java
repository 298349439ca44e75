package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example jobnet of the repository, and the jobnet that uses every feature, deployed and run to
 * the end as if every job succeeded: each job runs exactly once and the run ends.
 */
class ExampleJobnetsProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);
  private final ProcessDriver driver = new ProcessDriver(engine);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  static List<String> examples() {
    return ExampleJobnets.names();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("examples")
  void exampleDeploysAndEachOfItsRootsRunsToTheEnd(String file) {
    // given the whole example set converted together (expansions may cross files) and deployed
    deployer.deploy(JobnetDeployer.convert(ExampleJobnets.all()));
    List<String> roots = ExampleJobnets.rootsOf(file);
    assertThat(roots).as("root jobnets in %s", file).isNotEmpty();

    // when / then
    roots.forEach(this::runsToTheEnd);
  }

  @Test
  void jobnetWithEveryFeatureDeploysAndRunsToTheEnd() {
    // given
    deployer.deploy(FeatureJobnets.EVERYTHING);

    // when / then
    runsToTheEnd("nightly-import");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().finished().list())
        .extracting(p -> p.getProcessDefinitionKey())
        .containsExactlyInAnyOrder("nightly-import", "monthly-report", "shared-report", "shared-report");
  }

  /** Starts the root by hand and completes every job: it ends, and each of its own jobs ran once. */
  private void runsToTheEnd(String rootId) {
    ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(rootId).latestVersion().singleResult();
    assertThat(definition).as("deployed definition of %s", rootId).isNotNull();
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey(rootId, "example-" + rootId);

    driver.runToEnd(run);

    assertThat(run).isEnded().hasPassed("_end");
    Set<String> jobs = engine.getRepositoryService().getBpmnModelInstance(definition.getId())
        .getModelElementsByType(ServiceTask.class).stream().map(ServiceTask::getId).collect(Collectors.toSet());
    List<String> ran = engine.getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(run.getId()).activityType("serviceTask").finished().list().stream()
        .map(HistoricActivityInstance::getActivityId).toList();
    assertThat(ran).as("jobs of %s that ran", rootId).containsExactlyInAnyOrderElementsOf(jobs);
  }
}
