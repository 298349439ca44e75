package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.protocol.ProcessVariables;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A hold is kept in the database, not in an engine: a job held and reached by the flow still waits
 * after the engine is closed and a new one started on the same database, and the new engine's release
 * starts it.
 */
class HoldAcrossEngineRestartTest {

  private static final String YAML = """
      jobnets:
        restart-hold:
          jobs:
            work: echo work
            next-step: echo next
      """;

  @Test
  void aHeldJobStillWaitsAfterAnEngineRestartAndRunsWhenTheNewEngineReleasesIt() {
    String url = "jdbc:h2:mem:jobnet-restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();

    // given a run whose next job is held, reached by the flow
    String run;
    ProcessEngine first = engine(url, "first");
    try {
      deploy(first);
      run = first.getRuntimeService().startProcessInstanceByKey("restart-hold").getId();
      inCommand(first, control -> {
        control.lock(run);
        control.store().record(new NodeStateStore.Entry(run, "next-step", run, NodeKind.JOB, JobState.ON_HOLD,
            "held by test"));
      });
      complete(first, run, "work");
      assertThat(first.getExternalTaskService().createExternalTaskQuery().processInstanceId(run).count())
          .as("the held job was reached and waits without a task").isZero();
    } finally {
      first.close();
    }

    // when a new engine starts on the same database
    ProcessEngine second = engine(url, "second");
    try {
      // then the job still waits, held
      assertThat(second.getRuntimeService().createProcessInstanceQuery().processInstanceId(run).count()).isOne();
      assertThat(second.getExternalTaskService().createExternalTaskQuery().processInstanceId(run).count()).isZero();
      inCommand(second, control -> assertThat(control.store().state(run, "next-step")).contains(JobState.ON_HOLD));

      // and runs when released
      inCommand(second, control -> {
        control.lock(run);
        control.store().release(new NodeStateStore.Entry(run, "next-step", run, NodeKind.JOB, JobState.WAITING, null));
        assertThat(control.wake(run)).isOne();
      });
      complete(second, run, "next-step");
      assertThat(second.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
          .variableName(ProcessVariables.OUTCOME).singleResult().getValue()).isEqualTo("SUCCEEDED");
    } finally {
      second.close();
    }
  }

  private static ProcessEngine engine(String url, String name) {
    StandaloneInMemProcessEngineConfiguration config = new StandaloneInMemProcessEngineConfiguration();
    config.setProcessEngineName("restart-" + name + "-" + UUID.randomUUID());
    config.setJdbcUrl(url);
    config.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    config.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
    config.setJobExecutorActivate(false);
    config.setEnforceHistoryTimeToLive(true);
    config.getProcessEnginePlugins().add(new JobnetSemanticsPlugin());
    return config.buildProcessEngine();
  }

  private static void deploy(ProcessEngine engine) {
    JobnetConverter converter = new JobnetConverter();
    Validation v = converter.validate(List.of(new SourceFile("restart.yaml", YAML)));
    assertThat(v.findings()).isEmpty();
    DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name("restart-test");
    for (ConvertedJobnet c : converter.convert(v)) {
      builder.addString(c.fileName(), c.bpmnXml());
    }
    builder.deploy();
  }

  /** Runs {@code body} in one command of the engine, with a control on the engine's own state store. */
  private static void inCommand(ProcessEngine engine, Consumer<RunControl> body) {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    JobnetSemanticsPlugin plugin = (JobnetSemanticsPlugin) config.getProcessEnginePlugins().stream()
        .filter(JobnetSemanticsPlugin.class::isInstance).findFirst().orElseThrow();
    RunControl control = new RunControl(plugin.store());
    config.getCommandExecutorTxRequired().execute(context -> {
      body.accept(control);
      return null;
    });
  }

  private static void complete(ProcessEngine engine, String run, String activityId) {
    List<LockedExternalTask> tasks = engine.getExternalTaskService().fetchAndLock(10, "w")
        .topic("jobnet.default", 60_000).execute();
    LockedExternalTask task = tasks.stream()
        .filter(t -> t.getProcessInstanceId().equals(run) && t.getActivityId().equals(activityId))
        .findFirst().orElseThrow(() -> new AssertionError(activityId + " not offered to agents"));
    engine.getExternalTaskService().complete(task.getId(), "w");
  }
}
