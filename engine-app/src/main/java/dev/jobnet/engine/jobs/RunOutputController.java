package dev.jobnet.engine.jobs;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /jobnet-api/runs/{processInstanceId}/jobs/{activityId}/output/{stream}}: a job's output
 * by its run and element, also after the job's external task is gone; {@code .../output}: its attempts.
 */
@RestController
class RunOutputController {

  private final JobOutput output;

  RunOutputController(JobOutput output) {
    this.output = output;
  }

  @GetMapping("/jobnet-api/runs/{processInstanceId}/jobs/{activityId}/output/{stream}")
  ResponseEntity<byte[]> read(@PathVariable String processInstanceId, @PathVariable String activityId,
      @PathVariable String stream, @RequestParam(required = false) Integer attempt) {
    return OutputResponses.of(output.byJob(processInstanceId, activityId, stream, attempt));
  }

  /** The attempts of a job, with the bytes received of each stream, and its current attempt. */
  @GetMapping("/jobnet-api/runs/{processInstanceId}/jobs/{activityId}/output")
  JobOutput.Attempts attempts(@PathVariable String processInstanceId, @PathVariable String activityId) {
    return output.attemptsOf(processInstanceId, activityId);
  }
}
