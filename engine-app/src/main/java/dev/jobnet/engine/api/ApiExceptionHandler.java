package dev.jobnet.engine.api;

import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The errors every endpoint of {@code /jobnet-api} answers alike, as {@link Problems problems}: an
 * {@link ApiException} as it says; the engine refusing the caller ({@link AuthorizationException}): 403
 * {@code FORBIDDEN}; a missing or malformed parameter or body: 400 {@code BAD_REQUEST}. A feature's own
 * handler (engine exceptions that mean something particular there) comes first ({@link #FEATURES}).
 */
@RestControllerAdvice(basePackages = "dev.jobnet.engine")
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionHandler {

  /** The order of a feature's {@code @RestControllerAdvice}: before this one. */
  public static final int FEATURES = Ordered.LOWEST_PRECEDENCE - 1;

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return Problems.answer(e.problem());
  }

  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<ProblemDetail> forbidden(AuthorizationException e) {
    return Problems.answer(Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, e.getMessage()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getRequiredType();
    boolean number = type != null && (Number.class.isAssignableFrom(type)
        || type == int.class || type == long.class || type == short.class || type == double.class);
    String expected = number ? "a number" : type == null ? "something else" : "a " + type.getSimpleName();
    return Problems.answer(Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST,
        e.getName() + " must be " + expected + ", not '" + e.getValue() + "'"));
  }

  @ExceptionHandler({MissingServletRequestParameterException.class, HttpMessageNotReadableException.class})
  ResponseEntity<ProblemDetail> badRequest(Exception e) {
    return Problems.answer(Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, e.getMessage()));
  }
}
