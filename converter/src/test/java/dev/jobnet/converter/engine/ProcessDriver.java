package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * Plays the worker agents and the job executor for a test: locks and completes external tasks one by
 * one (by id, so parallel tasks on one topic are told apart) and executes the asynchronous jobs of
 * joins, step by step, with a bound on the steps instead of a wait.
 */
final class ProcessDriver {

  static final String WORKER = "test-agent";
  static final long LOCK_MILLIS = 30_000;
  /** More steps than any test jobnet needs; a run that takes more is stuck in a loop. */
  static final int MAX_STEPS = 10_000;

  private final ProcessEngineServices engine;

  ProcessDriver(ProcessEngineServices engine) {
    this.engine = engine;
  }

  /** Executes the executable jobs of the instance (join jobs) until none is left; returns how many. */
  int executeJobs(ProcessInstance instance) {
    int executed = 0;
    for (int step = 0; step < MAX_STEPS; step++) {
      List<Job> jobs = engine.getManagementService().createJobQuery()
          .processInstanceId(instance.getId()).executable().list();
      if (jobs.isEmpty()) {
        return executed;
      }
      engine.getManagementService().executeJob(jobs.get(0).getId());
      executed++;
    }
    return fail("instance %s still has executable jobs after %d steps", instance.getId(), MAX_STEPS);
  }

  /**
   * Runs the instance to its end as if every job succeeded: completes every external task in the
   * engine (tests delete their deployments, so all tasks belong to this test: the instance and the
   * instances its expansions called) and executes every job that belongs to an instance (timer start
   * jobs belong to none and are left alone). Returns the activity ids of the tasks completed, in order.
   */
  List<String> runToEnd(ProcessInstance instance) {
    List<String> completed = new ArrayList<>();
    for (int step = 0; step < MAX_STEPS; step++) {
      if (isEnded(instance)) {
        return completed;
      }
      boolean progress = false;
      for (ExternalTask task : engine.getExternalTaskService().createExternalTaskQuery().notLocked().list()) {
        completed.add(complete(task));
        progress = true;
      }
      for (Job job : engine.getManagementService().createJobQuery().executable().list()) {
        if (job.getProcessInstanceId() != null) {
          engine.getManagementService().executeJob(job.getId());
          progress = true;
        }
      }
      if (!progress) {
        return fail("instance %s of %s is not ended and nothing can move it; active activities: %s",
            instance.getId(), instance.getProcessDefinitionId(), activeActivities());
      }
    }
    return fail("instance %s did not end within %d steps", instance.getId(), MAX_STEPS);
  }

  /** Locks exactly this task as the test agent would and completes it; returns its activity id. */
  String complete(ExternalTask task) {
    engine.getExternalTaskService().lock(task.getId(), WORKER, LOCK_MILLIS);
    engine.getExternalTaskService().complete(task.getId(), WORKER);
    return task.getActivityId();
  }

  boolean isEnded(ProcessInstance instance) {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 0;
  }

  /** The active activity ids of every running instance, for failure messages. */
  Map<String, List<String>> activeActivities() {
    Map<String, List<String>> result = new TreeMap<>();
    engine.getRuntimeService().createProcessInstanceQuery().active().list().forEach(pi ->
        result.put(pi.getProcessDefinitionId() + "/" + pi.getId(),
            engine.getRuntimeService().getActiveActivityIds(pi.getId())));
    return result;
  }
}
