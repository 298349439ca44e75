package dev.jobnet.engine.operations;

import dev.jobnet.engine.api.ApiExceptionHandler;
import dev.jobnet.engine.api.Problems;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Two changes of one run at once, in the operators' and the agent registry's endpoints: 503
 * {@code CONCURRENT_UPDATE}, send the request again. The rest is {@link ApiExceptionHandler}'s.
 */
@RestControllerAdvice(basePackages = {"dev.jobnet.engine.operations", "dev.jobnet.engine.agents"})
@Order(ApiExceptionHandler.FEATURES)
class OperationsExceptionHandler {

  @ExceptionHandler(OptimisticLockingException.class)
  ResponseEntity<ProblemDetail> concurrent(OptimisticLockingException e) {
    return Problems.answer(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.CONCURRENT_UPDATE,
        "the run was changed by another request at the same time; send the request again"));
  }
}
