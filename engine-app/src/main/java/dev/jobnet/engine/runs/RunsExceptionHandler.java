package dev.jobnet.engine.runs;

import dev.jobnet.engine.security.Callers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Errors of the runs endpoints as {@code {"message": ...}} in an operator's words. */
@RestControllerAdvice(assignableTypes = RunsController.class)
class RunsExceptionHandler {

  @ExceptionHandler(RunsApiException.class)
  ResponseEntity<Map<String, Object>> runs(RunsApiException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", e.getMessage());
    body.putAll(e.details());
    return answer(e.status(), body);
  }

  @ExceptionHandler({Callers.NotPermitted.class, AuthorizationException.class})
  ResponseEntity<Map<String, Object>> forbidden(RuntimeException e) {
    return answer(HttpStatus.FORBIDDEN, Map.of("message", e.getMessage()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, Object>> badRequest(MethodArgumentTypeMismatchException e) {
    return answer(HttpStatus.BAD_REQUEST, Map.of("message", e.getName() + " must be a number, not '" + e.getValue() + "'"));
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, Map<String, Object> body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
