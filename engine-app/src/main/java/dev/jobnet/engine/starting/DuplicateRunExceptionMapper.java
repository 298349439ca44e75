package dev.jobnet.engine.starting;

import dev.jobnet.engine.security.OtherTenantRefusalMapper;
import dev.jobnet.engine.semantics.DuplicateRunException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

/**
 * A start refused for its business key answers 409 Conflict on the engine REST API, in Camunda's
 * error format plus the id of the run that holds the key, so an application that retried its
 * submit can tell "already running" from a real error.
 *
 * <p>Camunda's start resource wraps every engine exception into a {@link RestException} (500), so
 * this mapper takes RestExceptions before Camunda's own handler, answers 409 when a
 * {@link DuplicateRunException} is the cause, 404 for another tenant's run ({@link OtherTenantRefusalMapper}),
 * and leaves every other one to Camunda's handler.
 */
@Provider
@Priority(1)
public final class DuplicateRunExceptionMapper implements ExceptionMapper<RestException> {

  private final RestExceptionHandler camunda = new RestExceptionHandler();

  @Override
  public Response toResponse(RestException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DuplicateRunException duplicate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "DuplicateRunException");
        body.put("message", duplicate.getMessage());
        body.put("code", 409);
        body.put("runningInstanceId", duplicate.runningInstanceId());
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
      }
    }
    return OtherTenantRefusalMapper.notFound(e).orElseGet(() -> camunda.toResponse(e));
  }
}
