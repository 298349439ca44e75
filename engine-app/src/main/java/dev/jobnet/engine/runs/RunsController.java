package dev.jobnet.engine.runs;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /jobnet-api/runs/{id}}: a root run and the states of its jobs, as a tree. */
@RestController
@RequestMapping("/jobnet-api/runs")
class RunsController {

  private final RunTreeService runs;

  RunsController(RunTreeService runs) {
    this.runs = runs;
  }

  @GetMapping("/{id}")
  ResponseEntity<?> run(@PathVariable String id) {
    return runs.run(id).<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of(
            "message", "no run " + id + " (it does not exist, its history was cleaned up, or you may not see it)")));
  }
}
