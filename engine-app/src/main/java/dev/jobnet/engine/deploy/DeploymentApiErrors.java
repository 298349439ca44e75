package dev.jobnet.engine.deploy;

import dev.jobnet.engine.api.ApiException;
import dev.jobnet.engine.api.ApiExceptionHandler;
import dev.jobnet.engine.api.Problems;
import dev.jobnet.engine.deploy.DeploymentApi.FindingJson;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * The deployment endpoint's errors as problems ({@code docs/rest-api.md}) that carry, besides
 * {@code reason} and {@code message}, the member {@value #FINDINGS}: every finding of rejected definitions
 * (the converter's {@code JN...} codes), else empty.
 */
@RestControllerAdvice(assignableTypes = DeploymentController.class)
@Order(ApiExceptionHandler.FEATURES)
class DeploymentApiErrors {

  static final String FINDINGS = "findings";
  /** Definitions with findings: nothing deployed. */
  static final String REJECTED = "DEFINITIONS_REJECTED";
  /** The engine failed while deploying: nothing deployed. */
  static final String FAILED = "DEPLOYMENT_FAILED";

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentApiErrors.class);

  @ExceptionHandler
  ResponseEntity<ProblemDetail> rejected(DefinitionsRejectedException e) {
    return answer(HttpStatus.BAD_REQUEST, REJECTED, e.getMessage(),
        e.problems().stream().map(FindingJson::of).toList());
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> invalid(InvalidUploadException e) {
    return answer(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> forbidden(DeploymentForbiddenException e) {
    return answer(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, e.getMessage());
  }

  /** The engine's own authorization check refused the deployment (authorization checks on). */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> forbidden(AuthorizationException e) {
    return answer(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "the engine refused: " + e.getMessage());
  }

  /** One of the API's own (the caller check): as everywhere, with no findings. */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return answer(e.status(), e.reason(), e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UploadSizeLimitFilter.TooLargeException tooLarge) {
        return tooLarge(tooLarge.getMessage());
      }
    }
    return answer(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "the body is not the JSON expected,"
        + " {\"tenant\":\"...\",\"files\":[{\"name\":\"x.yaml\",\"content\":\"...\"}]}: "
        + e.getMostSpecificCause().getMessage());
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
    return tooLarge("the upload is larger than the engine accepts (" + e.getMaxUploadSize()
        + " bytes, jobnet.deployment.max-request-size): deploy fewer or smaller files at a time");
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> multipart(MultipartException e) {
    return answer(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "the multipart body cannot be read: " + e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> failed(RuntimeException e) {
    LOG.error("deployment failed", e);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, FAILED,
        "the deployment failed in the engine, nothing was deployed: " + e.getMessage());
  }

  /** A problem answer of this endpoint with no findings. */
  static ProblemDetail problem(HttpStatus status, String reason, String message) {
    return Problems.of(status, reason, message, Map.of(FINDINGS, List.of()));
  }

  private static ResponseEntity<ProblemDetail> tooLarge(String message) {
    return answer(HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, message);
  }

  private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String reason, String message) {
    return Problems.answer(problem(status, reason, message));
  }

  private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String reason, String message,
      List<FindingJson> findings) {
    return Problems.answer(Problems.of(status, reason, message, Map.of(FINDINGS, findings)));
  }
}
