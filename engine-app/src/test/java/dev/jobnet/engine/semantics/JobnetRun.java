package dev.jobnet.engine.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.authored.BpmnSource;
import dev.jobnet.converter.authored.CheckedBpmn;
import dev.jobnet.converter.check.KnownJobnets;
import dev.jobnet.protocol.ProcessVariables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * A jobnet run driven by the test as an agent and job executor would: deploy YAML, start a root,
 * then finish jobs with chosen results and run asynchronous joins, step by step.
 */
final class JobnetRun {

  static final String WORKER = "test-agent";
  static final int MAX_STEPS = 10_000;

  private final SemanticsEngine fixture = SemanticsEngine.get();
  private final ProcessEngine engine = fixture.engine();
  private final List<String> deployments;
  private ProcessInstance instance;
  /** Every job the "agent" ran, in order, as element ids (qualified by root for expansions). */
  private final List<String> ran = new ArrayList<>();
  private final Map<String, LockedExternalTask> locked = new HashMap<>();

  private JobnetRun(List<String> deployments) {
    this.deployments = deployments;
  }

  /** Converts and deploys the YAML (one file), all roots in one deployment. */
  static JobnetRun deploy(String yaml) {
    JobnetConverter converter = new JobnetConverter();
    Validation v = converter.validate(List.of(new SourceFile("test.yaml", yaml)));
    assertThat(v.findings()).as("findings").isEmpty();
    ProcessEngine engine = SemanticsEngine.get().engine();
    DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name("semantics-test");
    for (ConvertedJobnet c : converter.convert(v)) {
      builder.addString(c.fileName(), c.bpmnXml());
    }
    return new JobnetRun(List.of(builder.deploy().getId()));
  }

  /**
   * Deploys BPMN files (made or edited in Camunda Modeler) with YAML they expand, all in one deployment,
   * as the engine app deploys them: checked as jobnets and deployed with their properties derived again.
   */
  static JobnetRun deployBpmn(List<BpmnSource> bpmn, String... yaml) {
    JobnetConverter converter = new JobnetConverter();
    Validation v = converter.validate(java.util.Arrays.stream(yaml).map(y -> new SourceFile("test.yaml", y)).toList(),
        bpmn, KnownJobnets.NONE);
    assertThat(v.findings()).as("findings").isEmpty();
    ProcessEngine engine = SemanticsEngine.get().engine();
    DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name("semantics-test");
    for (ConvertedJobnet c : converter.convert(v)) {
      builder.addString(c.fileName(), c.bpmnXml());
    }
    for (CheckedBpmn b : v.bpmn()) {
      builder.addInputStream(java.nio.file.Path.of(b.name()).getFileName().toString(),
          new java.io.ByteArrayInputStream(b.content()));
    }
    return new JobnetRun(List.of(builder.deploy().getId()));
  }

  JobnetRun start(String root) {
    instance = engine.getRuntimeService().startProcessInstanceByKey(root);
    return this;
  }

  JobnetRun start(String root, Map<String, Object> variables) {
    instance = engine.getRuntimeService().startProcessInstanceByKey(root, variables);
    return this;
  }

  JobnetRun start(String root, String businessKey) {
    instance = engine.getRuntimeService().startProcessInstanceByKey(root, businessKey);
    return this;
  }

  String id() {
    return instance.getId();
  }

  ProcessEngine engine() {
    return engine;
  }

  /** Fetches every open job (locking it for the test agent) and returns their element ids. */
  List<String> pendingJobs() {
    runJoins();
    for (LockedExternalTask t : engine.getExternalTaskService().fetchAndLock(1000, WORKER)
        .topic("jobnet.default", 60_000).topic("jobnet.other", 60_000).execute()) {
      locked.put(t.getActivityId(), t);
    }
    return new ArrayList<>(locked.keySet()).stream().sorted().toList();
  }

  /** The locked task of a pending job, for its variables and properties. */
  LockedExternalTask task(String elementId) {
    pendingJobs();
    LockedExternalTask t = locked.get(elementId);
    if (t == null) {
      fail("job " + elementId + " is not pending; pending: " + locked.keySet());
    }
    return t;
  }

  /** Finishes one pending job with a result (SUCCEEDED, FAILED, STOPPED) as the agent would report it. */
  JobnetRun finish(String elementId, String result) {
    LockedExternalTask t = task(elementId);
    Map<String, Object> local = new HashMap<>();
    if (!result.equals("SUCCEEDED")) {
      local.put(ProcessVariables.RESULT, result);
      local.put(ProcessVariables.RESULT_REASON, "exit status 1 from " + elementId);
    }
    engine.getExternalTaskService().complete(t.getId(), WORKER, null, local);
    locked.remove(elementId);
    ran.add(elementId);
    runJoins();
    return this;
  }

  /** Finishes pending jobs, failing those named, until nothing is left to run. */
  JobnetRun runToEnd(String... failing) {
    List<String> fail = List.of(failing);
    for (int step = 0; step < MAX_STEPS; step++) {
      List<String> pending = pendingJobs();
      if (pending.isEmpty()) {
        return this;
      }
      String next = pending.get(0);
      finish(next, fail.contains(next) ? "FAILED" : "SUCCEEDED");
    }
    fail("the run did not settle in " + MAX_STEPS + " steps");
    return this;
  }

  /** Executes due asynchronous jobs (joins) until none is left. */
  void runJoins() {
    for (int step = 0; step < MAX_STEPS; step++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      engine.getManagementService().executeJob(jobs.get(0).getId());
    }
    fail("asynchronous jobs did not settle");
  }

  List<String> ran() {
    return List.copyOf(ran);
  }

  boolean isEnded() {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id()).count() == 0;
  }

  /** The {@code jobnetOutcome} of the run, from history. */
  String outcome() {
    HistoricVariableInstance v = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(id()).variableName(ProcessVariables.OUTCOME).singleResult();
    return v == null ? null : (String) v.getValue();
  }

  Map<String, String> states() {
    return fixture.states(id());
  }

  Map<String, String> states(String processInstanceId) {
    return fixture.states(processInstanceId);
  }

  String reason(String elementId) {
    return fixture.reason(id(), elementId);
  }

  /** Marks a jobnet (or the root, {@code _process}) as stopped, as the force-stop API does. */
  void markStopped(String elementId) {
    fixture.configuration().getCommandExecutorTxRequired().execute(ctx -> {
      new NodeStateStore(SemanticsListener.NONE).record(new NodeStateStore.Entry(id(), elementId, id(),
          elementId.equals(JobnetVariables.PROCESS_ELEMENT) ? NodeKind.ROOT : NodeKind.JOBNET,
          JobState.STOPPED, "stopped by the test"));
      return null;
    });
  }

  void undeploy() {
    deployments.forEach(d -> engine.getRepositoryService().deleteDeployment(d, true));
  }
}
