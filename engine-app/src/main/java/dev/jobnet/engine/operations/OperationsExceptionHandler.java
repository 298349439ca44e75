package dev.jobnet.engine.operations;

import dev.jobnet.engine.security.Callers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Errors of the operators' and the agent registry's endpoints as JSON an operator and a program can read. */
@RestControllerAdvice(basePackages = {"dev.jobnet.engine.operations", "dev.jobnet.engine.agents"})
class OperationsExceptionHandler {

  @ExceptionHandler(OperationsException.class)
  ResponseEntity<Map<String, Object>> operations(OperationsException e) {
    return answer(e.status(), e.body());
  }

  @ExceptionHandler({Callers.NotPermitted.class, AuthorizationException.class})
  ResponseEntity<Map<String, Object>> forbidden(RuntimeException e) {
    return answer(HttpStatus.FORBIDDEN, body("FORBIDDEN", e.getMessage()));
  }

  @ExceptionHandler(OptimisticLockingException.class)
  ResponseEntity<Map<String, Object>> concurrent(OptimisticLockingException e) {
    return answer(HttpStatus.SERVICE_UNAVAILABLE, body("CONCURRENT_UPDATE",
        "the run was changed by another request at the same time; send the request again"));
  }

  @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
      HttpMessageNotReadableException.class})
  ResponseEntity<Map<String, Object>> badRequest(Exception e) {
    return answer(HttpStatus.BAD_REQUEST, body("BAD_REQUEST", e.getMessage()));
  }

  private static Map<String, Object> body(String reason, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.put("message", message);
    return body;
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, Map<String, Object> body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
