package dev.jobnet.engine.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * The engine REST API answers a request for another tenant's run (its variables, say) 404 Not Found,
 * as it answers for a run that does not exist, never 500: Camunda finds the run, then its tenant check
 * refuses it with a plain engine exception ({@value #TENANT_REFUSAL}: "... because it belongs to no
 * authenticated tenant"), which its REST API would answer as a server error, telling the caller that
 * the run exists. A run that does not exist gets the same answer where Camunda's own would be a 500
 * ("execution ... doesn't exist"), so the two cannot be told apart. Nothing of the run is in the answer.
 * Every other engine exception goes to Camunda's own handler, unchanged.
 */
@Provider
@Priority(1)
public final class OtherTenantRefusalMapper implements ExceptionMapper<ProcessEngineException> {

  /** Camunda's message code of a command refused for the tenant of what it acts on. */
  static final String TENANT_REFUSAL = "ENGINE-13034";

  private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

  @Override
  public Response toResponse(ProcessEngineException e) {
    return notFound(e).orElseGet(() -> camunda.toResponse(e));
  }

  /**
   * 404 for another tenant's or a missing run, also where Camunda's resource wrapped the engine's
   * refusal in a {@link RestException} (setting a variable); empty for anything else. For the other
   * mapper of RestExceptions ({@code starting.DuplicateRunExceptionMapper}), which asks before
   * Camunda's handler.
   */
  public static Optional<Response> notFound(Throwable e) {
    boolean refused = false;
    for (Throwable t = e; t != null && !refused; t = t.getCause()) {
      refused = t instanceof ProcessEngineException p && (isTenantRefusal(p.getMessage()) || isMissing(p))
          || t instanceof RestException r && (r.getStatus() == null || r.getStatus().getStatusCode() == 500)
          && isTenantRefusal(r.getMessage());
    }
    if (!refused) {
      return Optional.empty();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "InvalidRequestException");
    body.put("message", "Not found: no such resource of a tenant you belong to");
    body.put("code", null);
    return Optional.of(Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
        .build());
  }

  private static boolean isTenantRefusal(String message) {
    return message != null && message.contains(TENANT_REFUSAL);
  }

  /** What Camunda says of a run or execution that does not exist where it looks one up (a 500 of its own). */
  private static boolean isMissing(ProcessEngineException e) {
    return e instanceof NullValueException && e.getMessage() != null && e.getMessage().contains("doesn't exist");
  }
}
