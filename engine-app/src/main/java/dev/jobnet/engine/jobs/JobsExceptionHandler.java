package dev.jobnet.engine.jobs;

import dev.jobnet.engine.api.ApiExceptionHandler;
import dev.jobnet.engine.api.Problems;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The engine's own exceptions in the agents' API, as problems with a status an agent can act on: the
 * races between looking at a task and changing it (the task was completed meanwhile: 404
 * {@code NOT_FOUND}; another worker locked it: 409 {@code CONFLICT}; two writes at once: 503
 * {@code CONCURRENT_UPDATE}, try again). The rest is {@link ApiExceptionHandler}'s.
 */
@RestControllerAdvice(assignableTypes = {JobsController.class, RunOutputController.class})
@Order(ApiExceptionHandler.FEATURES)
class JobsExceptionHandler {

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return Problems.answer(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, e.getMessage()));
  }

  @ExceptionHandler(OptimisticLockingException.class)
  ResponseEntity<ProblemDetail> concurrent(OptimisticLockingException e) {
    return Problems.answer(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.CONCURRENT_UPDATE,
        "the job was changed by another request at the same time; send the request again"));
  }

  @ExceptionHandler(BadUserRequestException.class)
  ResponseEntity<ProblemDetail> conflict(BadUserRequestException e) {
    return Problems.answer(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, e.getMessage()));
  }
}
