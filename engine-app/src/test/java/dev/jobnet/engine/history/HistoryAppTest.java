package dev.jobnet.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Finished runs do not stay forever: a history time to live on every jobnet, our states cleaned after it. */
class HistoryAppTest extends EngineAppTest {

  @Autowired
  ProcessEngine engine;
  @Autowired
  StateCleanup cleanup;

  private String deploy() {
    String key = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    var converter = new JobnetConverter();
    var v = converter.validate(List.of(new SourceFile("h.yaml", "jobnets:\n  " + key + ":\n    jobs:\n      a: a.sh\n")));
    DeploymentBuilder b = engine.getRepositoryService().createDeployment();
    converter.convert(v).forEach(c -> b.addString(c.fileName(), c.bpmnXml()));
    b.deploy();
    return key;
  }

  @Test
  void everyJobnetGetsTheConfiguredHistoryTimeToLive() {
    // when
    String key = deploy();
    // then: the engine's setting wins over the 30 days the converter writes
    ProcessDefinition def = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key)
        .singleResult();
    assertThat(def.getHistoryTimeToLive()).isEqualTo(HISTORY_DAYS);
  }

  @Test
  void theStatesOfARunGoOnceItsHistoryIsCleanedUpAndRunningRunsKeepTheirs() throws Exception {
    // given: one finished run whose history was removed, one running run
    String key = deploy();
    String finished = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    String running = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(10, "w")
        .topic("jobnet.default", 60_000).processDefinitionKey(key).execute()) {
      if (t.getProcessInstanceId().equals(finished)) {
        engine.getExternalTaskService().complete(t.getId(), "w");
      } else {
        engine.getExternalTaskService().unlock(t.getId());
      }
    }
    assertThat(stateRows(finished)).isEqualTo(2);
    engine.getHistoryService().deleteHistoricProcessInstance(finished);
    // when
    int cleaned = cleanup.cleanUp();
    // then
    assertThat(cleaned).isGreaterThanOrEqualTo(1);
    assertThat(stateRows(finished)).isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(running).count()).isEqualTo(1);
    engine.getRuntimeService().deleteProcessInstance(running, "test done");
    assertThat(stateRows(running)).isEqualTo(2);
  }

  private static int stateRows(String processInstanceId) throws Exception {
    try (Connection c = TestDatabase.shared().connect();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM jobnet_node_state WHERE process_instance_id = ?")) {
      ps.setString(1, processInstanceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
