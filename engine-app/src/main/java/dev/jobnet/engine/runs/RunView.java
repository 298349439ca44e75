package dev.jobnet.engine.runs;

import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.RunState;
import java.time.Instant;
import java.util.List;

/**
 * A root run as operators read it: its jobnet, outcome and times, and the tree of its jobs and
 * jobnets with their states ({@code GET /jobnet-api/runs/{id}}). States are written in JSON by their
 * names.
 *
 * @param state the outcome once one is recorded (STOPPED as soon as an operator stopped it); RUNNING
 *     while it runs; STOPPED for a run that ended without one
 * @param outcome the recorded outcome; null while none is
 * @param rerunOf the ended run this run reruns (an operator's rerun or mark SUCCEEDED), if any
 * @param rerunBy the run that reruns this one, if any
 */
public record RunView(
    String id,
    String jobnet,
    String name,
    String businessKey,
    String tenantId,
    RunState state,
    RunState outcome,
    String reason,
    Instant startTime,
    Instant endTime,
    String rerunOf,
    String rerunBy,
    List<NodeView> nodes) {

  /**
   * One job, nested jobnet, finally or expansion of a run.
   *
   * @param state WAITING, PENDING, ON_HOLD, RUNNING, STUCK, SUCCEEDED, FAILED, STOPPED or SKIPPED
   * @param attempts runs of a job so far (1 + the failures reported)
   * @param agent the agent that holds or last held the job
   * @param runId for an expansion, the run of the expanded root
   */
  public record NodeView(
      String elementId,
      String kind,
      String name,
      String path,
      String server,
      String command,
      JobState state,
      String reason,
      Integer attempts,
      String agent,
      Instant startTime,
      Instant endTime,
      String runId,
      List<NodeView> children) {}
}
