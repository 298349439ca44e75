package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nested jobnets (embedded subprocesses) and {@code finally} (a subprocess after the main flow). */
class NestedAndFinallyProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  private final JobnetDeployer deployer = new JobnetDeployer(engine);

  @BeforeEach
  void useEngine() {
    BpmnAwareTests.init(engine.getProcessEngine());
  }

  @Test
  void nestedJobnetRunsItsJobsThenItsFinallyThenTheParentContinues() {
    // given
    deployer.deploy("""
        version: 1
        jobnets:
          archive-run:
            jobs:
              prepare: { run: /opt/batch/prepare.sh }
              archive:
                jobnet:
                  jobs:
                    pack:   { run: /opt/batch/pack.sh }
                    upload: { run: /opt/batch/upload.sh, server: uploader }
                  finally:
                    jobs:
                      seal: { run: /opt/batch/seal.sh }
              report: { run: /opt/batch/report.sh }
        """);
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("archive-run");
    complete(externalTask("prepare", run));

    // when the nested jobnet runs
    // then its jobs run inside the subprocess, in written order, on their servers
    assertThat(run).isWaitingAt("archive", "archive.pack");
    assertThat(externalTask("archive.pack", run).getTopicName()).isEqualTo("jobnet.default");
    complete(externalTask("archive.pack", run));
    assertThat(run).isWaitingAt("archive.upload");
    assertThat(externalTask("archive.upload", run).getTopicName()).isEqualTo("jobnet.uploader");
    complete(externalTask("archive.upload", run));

    // and its finally runs after its main flow, still inside the nested jobnet
    assertThat(run).isWaitingAt("archive", "archive._finally", "archive._finally.seal")
        .hasNotPassed("report", "archive._end");
    complete(externalTask("archive._finally.seal", run));

    // and the parent goes on only after the finally
    // (in order by end time: a subprocess ends in the same millisecond as its last job, so only jobs are
    // compared by order)
    assertThat(run).isWaitingAtExactly("report")
        .hasPassedInOrder("prepare", "archive.pack", "archive.upload", "archive._finally.seal")
        .hasPassed("archive._finally", "archive._end", "archive");
    complete(externalTask("report", run));
    assertThat(run).isEnded().hasPassed("_end");
  }

  @Test
  void rootFinallyRunsAfterTheRootMainFlowAndTheRunEndsAfterIt() {
    // given
    deployer.deploy("""
        version: 1
        jobnets:
          with-cleanup:
            jobs:
              a: { run: a.sh, next: [b, c] }
              b: { run: b.sh }
              c: { run: c.sh }
            finally:
              jobs:
                cleanup: { run: /opt/batch/cleanup.sh }
                notify:  { run: /opt/batch/notify.sh }
        """);
    ProcessInstance run = engine.getRuntimeService().startProcessInstanceByKey("with-cleanup");
    ProcessDriver driver = new ProcessDriver(engine);
    complete(externalTask("a", run));
    driver.complete(externalTask("b", run));
    driver.complete(externalTask("c", run));

    // when the main flow's end jobs have joined
    assertThat(run).hasNotPassed("_finally._start");
    assertThat(driver.executeJobs(run)).isEqualTo(2);

    // then the finally's jobs run in written order, then the run ends
    assertThat(run).isWaitingAtExactly("_finally", "_finally.cleanup").hasPassed("_join");
    complete(externalTask("_finally.cleanup", run));
    assertThat(run).isWaitingAtExactly("_finally", "_finally.notify");
    complete(externalTask("_finally.notify", run));
    assertThat(run).isEnded()
        .hasPassedInOrder("_join", "_finally.cleanup", "_finally.notify")
        .hasPassed("_finally._start", "_finally._end", "_finally", "_end");
  }
}
