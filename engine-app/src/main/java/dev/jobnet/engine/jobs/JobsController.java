package dev.jobnet.engine.jobs;

import dev.jobnet.engine.api.Problems;
import dev.jobnet.engine.jobs.ReleaseOutcome.NotYours;
import dev.jobnet.engine.jobs.ReleaseOutcome.Released;
import dev.jobnet.engine.jobs.StartOutcome.AlreadyStarted;
import dev.jobnet.engine.jobs.StartOutcome.NotLockedByYou;
import dev.jobnet.engine.jobs.StartOutcome.Started;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /jobnet-api/jobs/{externalTaskId}/...}: the start marker, its release, and the job's output
 * ({@code docs/agent-protocol.md}). HTTP only; the rules are in {@link StartMarkers} and {@link JobOutput}.
 * A start marker not placed or not released is a 409 problem ({@code docs/rest-api.md}) whose
 * {@code reason} says why ({@code NOT_LOCKED_BY_YOU}, {@code ALREADY_STARTED}, {@code STARTED_BY_ANOTHER}).
 */
@RestController
@RequestMapping("/jobnet-api/jobs/{externalTaskId}")
class JobsController {

  private final StartMarkers markers;
  private final JobOutput output;

  JobsController(StartMarkers markers, JobOutput output) {
    this.markers = markers;
    this.output = output;
  }

  /** The body of a start marker. */
  record StartRequest(String workerId, Integer attempt) {}

  @PostMapping(path = "/start", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> start(@PathVariable String externalTaskId, @RequestBody StartRequest body) {
    if (body == null || body.workerId() == null || body.workerId().isBlank() || body.attempt() == null) {
      throw new InvalidJobsRequestException("send {\"workerId\": \"<the worker id the task is locked by>\", "
          + "\"attempt\": <1 for the first run>}");
    }
    StartOutcome outcome = markers.start(externalTaskId, body.workerId(), body.attempt());
    if (outcome instanceof Started started) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("started", true);
      answer.put("attempt", started.marker().attempt());
      answer.put("startedAt", started.marker().startedAt().toString());
      return ResponseEntity.ok(answer);
    }
    Map<String, Object> members = new LinkedHashMap<>();
    if (outcome instanceof NotLockedByYou notLocked) {
      members.put("lockedBy", notLocked.lockedBy());
      members.put("lockExpiresAt", notLocked.lockExpiresAt() == null ? null : notLocked.lockExpiresAt().toString());
      return Problems.answer(Problems.of(HttpStatus.CONFLICT, "NOT_LOCKED_BY_YOU", "task " + externalTaskId
          + " is not locked by worker '" + body.workerId() + "'"
          + (notLocked.lockedBy() == null ? " (nobody holds it)" : " but by '" + notLocked.lockedBy() + "'")
          + ": do not start it", members));
    }
    AlreadyStarted already = (AlreadyStarted) outcome;
    members.put("startedBy", already.marker().agent());
    members.put("attempt", already.marker().attempt());
    members.put("startedAt", already.marker().startedAt().toString());
    members.put("stuck", already.madeStuck());
    return Problems.answer(Problems.of(HttpStatus.CONFLICT, "ALREADY_STARTED", already.madeStuck()
        ? already.incidentMessage() + "; do not start it"
        : "attempt " + already.marker().attempt() + " was already started by this worker: do not start attempt "
            + body.attempt(), members));
  }

  @DeleteMapping("/start")
  ResponseEntity<?> release(@PathVariable String externalTaskId, @RequestParam String workerId,
      @RequestParam int attempt) {
    ReleaseOutcome outcome = markers.release(externalTaskId, workerId, attempt);
    if (outcome instanceof Released) {
      return ResponseEntity.noContent().build();
    }
    NotYours notYours = (NotYours) outcome;
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("startedBy", notYours.marker().agent());
    members.put("attempt", notYours.marker().attempt());
    members.put("startedAt", notYours.marker().startedAt().toString());
    return Problems.answer(Problems.of(HttpStatus.CONFLICT, "STARTED_BY_ANOTHER", "the start marker on task "
        + externalTaskId + " is of worker '" + notYours.marker().agent() + "' attempt " + notYours.marker().attempt()
        + ", not of worker '" + workerId + "' attempt " + attempt + ": nothing released", members));
  }

  @PostMapping(path = "/output/{stream}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  ResponseEntity<Map<String, Object>> ship(@PathVariable String externalTaskId, @PathVariable String stream,
      @RequestParam int attempt, @RequestParam long offset, @RequestParam(required = false) Long length,
      HttpServletRequest request) throws IOException {
    OutputStore.Received received = output.append(externalTaskId, stream, attempt, offset, request.getInputStream(),
        request.getContentLengthLong(), length);
    return ResponseEntity.ok(Map.of("received", received.total(), "next", received.next()));
  }

  @GetMapping("/output/{stream}")
  ResponseEntity<byte[]> read(@PathVariable String externalTaskId, @PathVariable String stream,
      @RequestParam(required = false) Integer attempt) {
    return OutputResponses.of(output.byTask(externalTaskId, stream, attempt));
  }
}
