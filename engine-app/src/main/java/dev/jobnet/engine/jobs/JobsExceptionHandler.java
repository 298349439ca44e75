package dev.jobnet.engine.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the agents' API as {@code {"message": ...}} with a status an agent can act on; the
 * engine's own exceptions included, for the races between looking at a task and changing it (the
 * task was completed meanwhile: 404; another worker locked it: 409; two writes at once: 503, try
 * again).
 */
@RestControllerAdvice(assignableTypes = {JobsController.class, RunOutputController.class})
class JobsExceptionHandler {

  @ExceptionHandler(JobsApiException.class)
  ResponseEntity<Map<String, Object>> jobs(JobsApiException e) {
    Map<String, Object> body = new LinkedHashMap<>(e.details());
    body.put("message", e.getMessage());
    return answer(e.status(), body);
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<Map<String, Object>> notFound(NotFoundException e) {
    return answer(HttpStatus.NOT_FOUND, message(e.getMessage()));
  }

  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<Map<String, Object>> forbidden(AuthorizationException e) {
    return answer(HttpStatus.FORBIDDEN, message(e.getMessage()));
  }

  @ExceptionHandler(OptimisticLockingException.class)
  ResponseEntity<Map<String, Object>> concurrent(OptimisticLockingException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", "CONCURRENT_UPDATE");
    body.put("message", "the job was changed by another request at the same time; send the request again");
    return answer(HttpStatus.SERVICE_UNAVAILABLE, body);
  }

  @ExceptionHandler(BadUserRequestException.class)
  ResponseEntity<Map<String, Object>> conflict(BadUserRequestException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", "CONFLICT");
    body.put("message", e.getMessage());
    return answer(HttpStatus.CONFLICT, body);
  }

  @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
      HttpMessageNotReadableException.class})
  ResponseEntity<Map<String, Object>> badRequest(Exception e) {
    return answer(HttpStatus.BAD_REQUEST, message(e.getMessage()));
  }

  private static Map<String, Object> message(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    return body;
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, Map<String, Object> body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
