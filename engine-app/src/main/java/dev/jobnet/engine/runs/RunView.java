package dev.jobnet.engine.runs;

import java.time.Instant;
import java.util.List;

/**
 * A root run as operators read it: its jobnet, outcome and times, and the tree of its jobs and
 * jobnets with their states ({@code GET /jobnet-api/runs/{id}}).
 */
public record RunView(
    String id,
    String jobnet,
    String name,
    String businessKey,
    String tenantId,
    String state,
    String outcome,
    String reason,
    Instant startTime,
    Instant endTime,
    List<NodeView> nodes) {

  /**
   * One job, nested jobnet, finally or expansion of a run.
   *
   * @param state WAITING, PENDING, RUNNING, STUCK, SUCCEEDED, FAILED, STOPPED or SKIPPED
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
      String state,
      String reason,
      Integer attempts,
      String agent,
      Instant startTime,
      Instant endTime,
      String runId,
      List<NodeView> children) {}
}
