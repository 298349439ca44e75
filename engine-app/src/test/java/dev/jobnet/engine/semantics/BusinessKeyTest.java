package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A root jobnet runs at most once at a time per business key: web applications retry their submits. */
class BusinessKeyTest {

  private static final String YAML = """
      jobnets:
        submit:
          jobs:
            work: w.sh
            more: { expand: helper }
        helper:
          jobs:
            h: h.sh
      """;

  private JobnetRun run;

  @AfterEach
  void undeploy() {
    if (run != null) {
      run.undeploy();
    }
  }

  @Test
  void aSecondStartWithTheSameBusinessKeyIsRefusedWhileTheFirstRuns() {
    // given
    run = JobnetRun.deploy(YAML).start("submit", "order-4711");
    RuntimeService runtime = run.engine().getRuntimeService();
    // when / then
    assertThatThrownBy(() -> runtime.startProcessInstanceByKey("submit", "order-4711"))
        .isInstanceOf(DuplicateRunException.class)
        .hasMessageContaining("jobnet 'submit' already has a running run with business key 'order-4711'")
        .hasMessageContaining(run.id());
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("order-4711")
        .processDefinitionKey("submit").count()).isEqualTo(1);
  }

  @Test
  void anotherBusinessKeyOrNoneStartsAtOnce() {
    // given
    run = JobnetRun.deploy(YAML).start("submit", "order-1");
    RuntimeService runtime = run.engine().getRuntimeService();
    // when
    runtime.startProcessInstanceByKey("submit", "order-2");
    runtime.startProcessInstanceByKey("submit");
    runtime.startProcessInstanceByKey("submit");
    // then
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("submit").count()).isEqualTo(4);
  }

  @Test
  void theKeyIsFreeAgainOnceTheRunEndedAndExpansionsShareItWithoutClaiming() {
    // given: the run passes its business key on to the expanded root, which must not be refused
    run = JobnetRun.deploy(YAML).start("submit", "order-9");
    run.runToEnd();
    assertThat(run.ran()).containsExactly("work", "h");
    assertThat(run.outcome()).isEqualTo("SUCCEEDED");
    // when
    String second = run.engine().getRuntimeService().startProcessInstanceByKey("submit", "order-9").getId();
    // then
    assertThat(second).isNotEqualTo(run.id());
  }

  @Test
  void aRunDeletedWithoutListenersDoesNotHoldItsKeyForever() {
    // given: deleted while skipping custom listeners, so its key row stays behind
    run = JobnetRun.deploy(YAML).start("submit", "order-77");
    RuntimeService runtime = run.engine().getRuntimeService();
    runtime.deleteProcessInstance(run.id(), "cleanup", true);
    // when
    String next = runtime.startProcessInstanceByKey("submit", "order-77").getId();
    // then
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(next).count()).isEqualTo(1);
  }
}
