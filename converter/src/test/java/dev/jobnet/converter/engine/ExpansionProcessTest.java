package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expansions: call activities that start the latest version of another root jobnet. */
class ExpansionProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);
  private final ProcessDriver driver = new ProcessDriver(engine);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  @Test
  void expansionStartsTheCalledRootWithTheBusinessKeyAndVariablesAndTheCallerContinuesAfterIt() {
    // given two roots in two files of one set, deployed together
    deployer.deploy("""
        version: 1
        jobnets:
          nightly:
            jobs:
              prepare: { run: /opt/batch/prepare.sh }
              monthly: { expand: monthly-report }
              after:   { run: /opt/batch/after.sh }
        """, """
        version: 1
        jobnets:
          monthly-report:
            jobs:
              report: { run: /opt/batch/report.sh }
        """);
    ProcessInstance run = engine.getRuntimeService()
        .startProcessInstanceByKey("nightly", "run-2024-05-01", Map.of("REGION", "tokyo"));
    complete(externalTask("prepare", run));

    // when the expansion is reached
    assertThat(run).isWaitingAtExactly("monthly");
    ProcessInstance called = calledProcessInstance("monthly-report", run);

    // then the called root runs with the caller's business key and variables
    assertThat(called).hasProcessDefinitionKey("monthly-report").hasBusinessKey("run-2024-05-01")
        .hasVariables("REGION").isWaitingAtExactly("report");
    assertThat(engine.getRuntimeService().getVariable(called.getId(), "REGION")).isEqualTo("tokyo");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(run.getId())
        .singleResult().getId()).isEqualTo(called.getId());

    // when the called root ends
    complete(externalTask("report", called));

    // then the caller goes on
    assertThat(called).isEnded();
    assertThat(run).isWaitingAtExactly("after").hasPassed("monthly");
    complete(externalTask("after", run));
    assertThat(run).isEnded();
  }

  @Test
  void diamondOfExpansionsCallsTheSharedRootOncePerPathAndJoins() {
    // given top expands left and right in parallel; both expand base
    deployer.deploy("""
        version: 1
        jobnets:
          top:
            jobs:
              begin: { run: begin.sh, next: [l, r] }
              l:     { expand: left, next: finish }
              r:     { expand: right, next: finish }
              finish: { run: finish.sh }
          left:
            jobs:
              x: { expand: base }
          right:
            jobs:
              y: { expand: base }
          base:
            jobs:
              work: { run: /opt/batch/work.sh }
        """);
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("top", "diamond-1");
    complete(externalTask("begin", run));

    // when both branches have called down to base
    assertThat(run).isWaitingAtExactly("l", "r");
    List<ExternalTask> work = engine.getExternalTaskService().createExternalTaskQuery().activityId("work").list();

    // then base runs twice, once under each path, with the root's business key
    assertThat(work).hasSize(2);
    List<ProcessInstance> bases = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("base").list();
    assertThat(bases).extracting(ProcessInstance::getBusinessKey).containsOnly("diamond-1");
    assertThat(bases).extracting(b -> superKey(b.getId())).containsExactlyInAnyOrder("left", "right");

    // when both complete
    work.forEach(driver::complete);
    assertThat(driver.executeJobs(run)).isEqualTo(2);

    // then the caller joins and finishes; every called instance has ended
    assertThat(run).isWaitingAtExactly("finish").hasPassed("l", "r", "finish._join");
    complete(externalTask("finish", run));
    assertThat(run).isEnded();
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().finished().list())
        .extracting(HistoricProcessInstance::getProcessDefinitionKey)
        .containsExactlyInAnyOrder("top", "left", "right", "base", "base");
  }

  private String superKey(String instanceId) {
    ProcessInstance parent = engine.getRuntimeService().createProcessInstanceQuery()
        .subProcessInstanceId(instanceId).singleResult();
    return engine.getRepositoryService().getProcessDefinition(parent.getProcessDefinitionId()).getKey();
  }
}
