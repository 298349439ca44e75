package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.SecurityTestSupport.Caller;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.protocol.ProcessVariables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * An application may stop and rerun the runs of its own tenant, and nothing of another's; every other
 * operator action (hold, release, skip, mark SUCCEEDED, resolve) is the operators' alone.
 */
class TenantActionsAppTest extends EngineAppTest {

  @RegisterExtension
  final TwoApplications apps = TwoApplications.withJobnets("act-own-", "act-other-");

  @Autowired
  TestRestTemplate rest;

  @Autowired
  ProcessEngine engine;

  Caller appA;
  Caller appB;

  @BeforeEach
  void callers() {
    appA = Caller.as(rest, apps.a().user());
    appB = Caller.as(rest, apps.b().user());
  }

  @Test
  void anApplicationStopsItsOwnRunButNotAnotherApplicationsNorASharedOne() {
    String run = startOfA();

    ResponseEntity<String> byB = appB.post("/jobnet-api/runs/" + run + "/stop", "{}");
    ResponseEntity<String> byA = appA.post("/jobnet-api/runs/" + run + "/stop", "{\"reason\": \"cancelled by the user\"}");

    assertThat(byB.getStatusCode().value()).as(byB.getBody()).isEqualTo(404);
    assertThat(byA.getStatusCode().value()).as(byA.getBody()).isEqualTo(200);
    assertThat(outcome(run)).isEqualTo("STOPPED");
    String shared = "act-shared-" + SecurityTestSupport.unique();
    SecurityTestSupport.deploy(engine, shared, null);
    String sharedRun = engine.getRuntimeService().startProcessInstanceByKey(shared).getId();
    ResponseEntity<String> onShared = appA.post("/jobnet-api/runs/" + sharedRun + "/stop", "{}");
    assertThat(onShared.getStatusCode().value()).as(onShared.getBody()).isEqualTo(403);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(sharedRun).count()).isOne();
  }

  @Test
  void anApplicationRerunsItsOwnFailedRunButNotAnotherApplicationsAndMayNotHoldOrSkip() {
    String run = startOfA();
    LockedExternalTask only = fetch(run);
    engine.getExternalTaskService().complete(only.getId(), "w", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 1"));
    assertThat(outcome(run)).isEqualTo("FAILED");

    ResponseEntity<String> byB = appB.post("/jobnet-api/runs/" + run + "/nodes/only/rerun", "{\"reason\": \"x\"}");
    ResponseEntity<String> mark = appA.post("/jobnet-api/runs/" + run + "/nodes/only/mark-succeeded",
        "{\"reason\": \"x\"}");
    ResponseEntity<String> byA = appA.post("/jobnet-api/runs/" + run + "/nodes/only/rerun",
        "{\"reason\": \"the user uploaded the file again\"}");

    assertThat(byB.getStatusCode().value()).as(byB.getBody()).isEqualTo(404);
    assertThat(mark.getStatusCode().value()).as(mark.getBody()).isEqualTo(403);
    assertThat(byA.getStatusCode().value()).as(byA.getBody()).isEqualTo(200);
    String rerun = byA.getBody().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(rerun).singleResult()
        .getTenantId()).isEqualTo(apps.a().id());
    for (String action : List.of("hold", "release", "skip")) {
      ResponseEntity<String> r = appA.post("/jobnet-api/runs/" + rerun + "/nodes/only/" + action, "{\"reason\": \"x\"}");
      assertThat(r.getStatusCode().value()).as(action + ": " + r.getBody()).isEqualTo(403);
    }
    assertThat(appA.post("/jobnet-api/runs/" + rerun + "/hold", "{}").getStatusCode().value()).isEqualTo(403);
  }

  private String startOfA() {
    ResponseEntity<String> started = appA.post("/engine-rest/process-definition/key/" + apps.jobnetOfA()
        + "/tenant-id/" + apps.a().id() + "/start", "{}");
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    return started.getBody().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
  }

  private LockedExternalTask fetch(String run) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < end) {
      LockedExternalTask found = null;
      for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(50, "w")
          .topic("jobnet.default", 60_000).execute()) {
        if (t.getProcessInstanceId().equals(run)) {
          found = t;
        } else {
          engine.getExternalTaskService().unlock(t.getId());
        }
      }
      if (found != null) {
        return found;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the job of run " + run + " was not offered");
  }

  private String outcome(String run) {
    var v = engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName(ProcessVariables.OUTCOME).singleResult();
    return v == null ? null : (String) v.getValue();
  }
}
