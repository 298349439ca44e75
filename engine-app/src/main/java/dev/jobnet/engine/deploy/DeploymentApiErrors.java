package dev.jobnet.engine.deploy;

import dev.jobnet.engine.deploy.DeploymentApi.ErrorResponse;
import org.camunda.bpm.engine.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/** The deployment endpoint's errors as JSON {@code {"message": ..., "findings": [...]}} with their status. */
@RestControllerAdvice(assignableTypes = DeploymentController.class)
class DeploymentApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentApiErrors.class);

  @ExceptionHandler
  ResponseEntity<ErrorResponse> rejected(DefinitionsRejectedException e) {
    return ResponseEntity.badRequest().body(ErrorResponse.of(e));
  }

  @ExceptionHandler
  ResponseEntity<ErrorResponse> invalid(InvalidUploadException e) {
    return ResponseEntity.badRequest().body(ErrorResponse.of(e.getMessage()));
  }

  @ExceptionHandler
  ResponseEntity<ErrorResponse> unauthenticated(NotAuthenticatedException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"jobnet\"")
        .body(ErrorResponse.of(e.getMessage()));
  }

  @ExceptionHandler
  ResponseEntity<ErrorResponse> forbidden(DeploymentForbiddenException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ErrorResponse.of(e.getMessage()));
  }

  /** The engine's own authorization check refused the deployment (authorization checks on). */
  @ExceptionHandler
  ResponseEntity<ErrorResponse> forbidden(AuthorizationException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ErrorResponse.of("the engine refused: " + e.getMessage()));
  }

  @ExceptionHandler
  ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UploadSizeLimitFilter.TooLargeException tooLarge) {
        return tooLarge(tooLarge.getMessage());
      }
    }
    return ResponseEntity.badRequest().body(ErrorResponse.of("the body is not the JSON expected,"
        + " {\"tenant\":\"...\",\"files\":[{\"name\":\"x.yaml\",\"content\":\"...\"}]}: " + e.getMostSpecificCause().getMessage()));
  }

  @ExceptionHandler
  ResponseEntity<ErrorResponse> tooLarge(MaxUploadSizeExceededException e) {
    return tooLarge("the upload is larger than the engine accepts (" + e.getMaxUploadSize()
        + " bytes, jobnet.deployment.max-request-size): deploy fewer or smaller files at a time");
  }

  @ExceptionHandler
  ResponseEntity<ErrorResponse> multipart(MultipartException e) {
    return ResponseEntity.badRequest().body(ErrorResponse.of("the multipart body cannot be read: " + e.getMessage()));
  }

  @ExceptionHandler
  ResponseEntity<ErrorResponse> failed(RuntimeException e) {
    LOG.error("deployment failed", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ErrorResponse.of(
        "the deployment failed in the engine, nothing was deployed: " + e.getMessage()));
  }

  private static ResponseEntity<ErrorResponse> tooLarge(String message) {
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(ErrorResponse.of(message));
  }
}
