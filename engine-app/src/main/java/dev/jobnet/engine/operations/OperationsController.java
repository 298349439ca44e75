package dev.jobnet.engine.operations;

import dev.jobnet.engine.api.Problems;
import dev.jobnet.engine.security.AsEngine;
import dev.jobnet.engine.security.Caller;
import dev.jobnet.engine.security.Callers;
import dev.jobnet.engine.security.Role;
import dev.jobnet.engine.semantics.JobState;
import dev.jobnet.engine.semantics.RunState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /jobnet-api/runs/{runId}/...}: operators stop runs, jobs and jobnets, resolve STUCK jobs, hold
 * and release runs, jobs and jobnets, skip what has not started, and rerun ended runs (from a job,
 * from a job marked SUCCEEDED, or from their failed jobs). An application may stop and rerun the
 * runs of its own tenants; everything else is for operators.
 */
@RestController
@RequestMapping(path = "/jobnet-api/runs/{runId}", produces = MediaType.APPLICATION_JSON_VALUE)
class OperationsController {

  private final ForceStop stop;
  private final OperatorActions actions;
  private final StuckResolver resolver;
  private final Callers callers;
  private final HoldsAndSkips holds;
  private final Reruns reruns;
  private final HistoryService history;
  private final IdentityService identity;

  OperationsController(ForceStop stop, OperatorActions actions, StuckResolver resolver, Callers callers,
      HoldsAndSkips holds, Reruns reruns, ProcessEngine engine) {
    this.holds = holds;
    this.reruns = reruns;
    this.history = engine.getHistoryService();
    this.identity = engine.getIdentityService();
    this.stop = stop;
    this.actions = actions;
    this.resolver = resolver;
    this.callers = callers;
  }

  /** An optional reason for a stop, hold or release; required for a skip. */
  record StopRequest(String reason) {}

  /** How to resolve, and why. */
  record ResolveRequest(String action, String reason) {}

  /** Who stopped or resolved what in this run and the runs below it, oldest first. */
  @GetMapping("/actions")
  List<OperatorActions.Entry> actions(@PathVariable String runId) {
    callers.requireOperator();
    return actions.ofRoot(runId);
  }

  /**
   * Runs an action that operators may take on any run and an application on the runs of its own
   * tenants: as the caller for an operator; for an application, once the engine showed it the run
   * (its tenant check: another tenant's run is not found), with the engine's powers under its name.
   */
  private <T> T asOperatorOrOwner(String runId, String action, java.util.function.Function<String, T> work) {
    Caller caller = callers.require(action, Role.OPERATOR, Role.APPLICATION);
    if (caller.isOperator()) {
      return work.apply(caller.userId());
    }
    HistoricProcessInstance run = history.createHistoricProcessInstanceQuery().processInstanceId(runId)
        .singleResult();
    if (run == null) {
      throw OperationsException.notFound("no run " + runId + ", or you may not see it");
    }
    if (run.getTenantId() == null || !caller.tenants().contains(run.getTenantId())) {
      throw new OperationsException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "user '" + caller.userId()
          + "' may not " + action + " run " + runId + ": it belongs to no tenant of the application (a shared"
          + " jobnet's run is the operators' to act on)", Map.of("runId", runId));
    }
    return AsEngine.callAs(identity, caller.userId(), () -> work.apply(caller.userId()));
  }

  @PostMapping("/stop")
  Map<String, Object> stopRun(@PathVariable String runId, @RequestBody(required = false) StopRequest body) {
    ForceStop.Stopped s = asOperatorOrOwner(runId, "stop",
        user -> stop.stopRun(runId, body == null ? null : body.reason(), user));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("runId", s.runId());
    answer.put("state", RunState.STOPPED);
    answer.put("stoppedJobs", s.stoppedJobs());
    return answer;
  }

  @PostMapping("/nodes/{elementId}/stop")
  Map<String, Object> stopNode(@PathVariable String runId, @PathVariable String elementId,
      @RequestBody(required = false) StopRequest body) {
    ForceStop.Stopped s = asOperatorOrOwner(runId, "stop",
        user -> stop.stopNode(runId, elementId, body == null ? null : body.reason(), user));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("runId", s.runId());
    answer.put("elementId", s.elementId());
    answer.put("state", JobState.STOPPED);
    answer.put("stoppedJobs", s.stoppedJobs());
    return answer;
  }

  @PostMapping("/hold")
  Map<String, Object> holdRun(@PathVariable String runId, @RequestBody(required = false) StopRequest body) {
    return holds.holdRun(runId, reason(body), callers.requireOperator()).answer();
  }

  @PostMapping("/release")
  Map<String, Object> releaseRun(@PathVariable String runId, @RequestBody(required = false) StopRequest body) {
    return holds.releaseRun(runId, reason(body), callers.requireOperator()).answer();
  }

  @PostMapping("/nodes/{elementId}/hold")
  Map<String, Object> holdNode(@PathVariable String runId, @PathVariable String elementId,
      @RequestBody(required = false) StopRequest body) {
    return holds.holdNode(runId, elementId, reason(body), callers.requireOperator()).answer();
  }

  @PostMapping("/nodes/{elementId}/release")
  Map<String, Object> releaseNode(@PathVariable String runId, @PathVariable String elementId,
      @RequestBody(required = false) StopRequest body) {
    return holds.releaseNode(runId, elementId, reason(body), callers.requireOperator()).answer();
  }

  @PostMapping("/nodes/{elementId}/skip")
  Map<String, Object> skipNode(@PathVariable String runId, @PathVariable String elementId,
      @RequestBody(required = false) StopRequest body) {
    String user = callers.requireOperator();
    return holds.skipNode(runId, elementId, reason(body), user).answer();
  }

  @PostMapping("/rerun")
  Map<String, Object> rerunRun(@PathVariable String runId, @RequestBody(required = false) StopRequest body) {
    return asOperatorOrOwner(runId, "rerun", user -> reruns.rerunRun(runId, reason(body), user)).answer();
  }

  @PostMapping("/nodes/{elementId}/rerun")
  Map<String, Object> rerunNode(@PathVariable String runId, @PathVariable String elementId,
      @RequestBody(required = false) StopRequest body) {
    return asOperatorOrOwner(runId, "rerun", user -> reruns.rerunNode(runId, elementId, reason(body), user)).answer();
  }

  @PostMapping("/nodes/{elementId}/mark-succeeded")
  Map<String, Object> markSucceeded(@PathVariable String runId, @PathVariable String elementId,
      @RequestBody(required = false) StopRequest body) {
    return reruns.markSucceeded(runId, elementId, reason(body), callers.requireOperator()).answer();
  }

  private static String reason(StopRequest body) {
    return body == null ? null : body.reason();
  }

  @PostMapping(path = "/nodes/{elementId}/resolve", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> resolve(@PathVariable String runId, @PathVariable String elementId,
      @RequestBody ResolveRequest body) {
    String user = callers.requireOperator();
    Resolution resolution = parse(body == null ? null : body.action());
    StuckResolver.Resolved r = resolver.resolve(runId, elementId, resolution, body.reason(), user);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("runId", r.runId());
    answer.put("elementId", r.elementId());
    answer.put("action", r.action());
    answer.put("state", r.state());
    answer.put("resolvedBy", r.resolvedBy());
    answer.put("resolvedAt", r.resolvedAt().toString());
    if (r.nextAttempt() != null) {
      answer.put("nextAttempt", r.nextAttempt());
    }
    return answer;
  }

  private static Resolution parse(String action) {
    if (action != null) {
      try {
        return Resolution.valueOf(action.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // below
      }
    }
    throw OperationsException.badRequest("send {\"action\": \"SUCCEEDED\" | \"FAILED\" | \"RETRY\", \"reason\": "
        + "\"why (optional)\"}" + (action == null ? "" : "; '" + action + "' is none of them"));
  }
}
