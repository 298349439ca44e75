package dev.jobnet.engine.runs;

import dev.jobnet.engine.security.Callers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /jobnet-api/runs}: the root runs, filtered and paged (operators);
 * {@code GET /jobnet-api/runs/{id}}: a run and the states of its jobs, as a tree;
 * {@code DELETE /jobnet-api/runs/{id}?reason=...}: removes a finished root run (operators), with an
 * event RUN_REMOVED.
 */
@RestController
@RequestMapping("/jobnet-api/runs")
class RunsController {

  private final RunTreeService runs;
  private final RunListService list;
  private final RunRemoval removal;
  private final Callers callers;

  RunsController(RunTreeService runs, RunListService list, RunRemoval removal, Callers callers) {
    this.runs = runs;
    this.list = list;
    this.removal = removal;
    this.callers = callers;
  }

  @GetMapping
  RunPage list(@RequestParam(required = false) String state, @RequestParam(required = false) String jobnet,
      @RequestParam(required = false) String businessKey, @RequestParam(required = false) Integer first,
      @RequestParam(required = false) Integer max) {
    callers.requireOperator();
    return list.list(RunFilter.of(state, jobnet, businessKey, first, max));
  }

  @GetMapping("/{id}")
  RunView run(@PathVariable String id) {
    return runs.run(id).orElseThrow(() -> RunsApiException.notFound(id));
  }

  /** The BPMN the run runs (its definition version), for the Run page's diagram; 404 as for the run. */
  @GetMapping("/{id}/diagram")
  ResponseEntity<String> diagram(@PathVariable String id) {
    String bpmn = runs.diagram(id).orElseThrow(() -> RunsApiException.notFound(id));
    // set here, not by "produces": a browser asking for JSON or text still gets it
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
        .body(bpmn);
  }

  @DeleteMapping("/{id}")
  Map<String, Object> remove(@PathVariable String id, @RequestParam(required = false) String reason) {
    String operator = callers.requireOperator();
    List<String> removed = removal.remove(id, operator, reason);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", id);
    body.put("removedRuns", removed);
    body.put("message", "run " + id + " removed" + (removed.size() > 1
        ? " with the " + (removed.size() - 1) + " run(s) its expansions started" : ""));
    return body;
  }
}
