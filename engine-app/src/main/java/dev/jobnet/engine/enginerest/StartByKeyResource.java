package dev.jobnet.engine.enginerest;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.rest.dto.runtime.ProcessInstanceDto;
import org.camunda.bpm.engine.rest.dto.runtime.StartProcessInstanceDto;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.sub.repository.impl.ProcessDefinitionResourceImpl;

/**
 * {@code POST /engine-rest/process-definition/key/{key}/start}, the way applications start jobnets,
 * answered as Camunda REST answers it, with a cheaper look-up of the definition. Camunda's resource
 * finds the latest version with a process definition query, whose SQL MyBatis builds from Camunda's
 * largest dynamic mapping (every criterion of the query API, the authorization and the tenant checks)
 * at each call: about a seventh of the engine's CPU under a burst of starts (B5). This resource reads
 * the latest version without a tenant by key (one short statement), checks that the caller may read it
 * (the engine's own command checkers, as the query's authorization does: a definition the caller may
 * not read is not found), and hands the start to Camunda's own resource for that definition: the same
 * variables, business key, checks, answer and errors.
 *
 * <p>The look-up and the start are one engine command, one transaction: Camunda's start command joins
 * the command of the look-up, and finds the definition the look-up read in that command's cache instead
 * of reading it again by id (a transaction and a statement fewer per start). A start the engine refuses
 * or fails fails that command with the engine's exception, so it is rolled back and logged as Camunda
 * logs its own failed start, and answers what Camunda's resource made of it; a failure to commit
 * answers as Camunda's resource answers a start that failed.
 *
 * <p>Jersey chooses this resource over Camunda's for that path alone (the root resource with the longest
 * literal path wins); the start of a tenant's definition ({@code .../key/{key}/tenant-id/{id}/start})
 * and everything else stay Camunda's.
 */
@Path("/process-definition/key/{key}/start")
public final class StartByKeyResource {

  private final Supplier<ProcessEngine> engine;
  private final SharedObjectMapper mapper;
  private final AtomicLong answered = new AtomicLong();

  StartByKeyResource(Supplier<ProcessEngine> engine, SharedObjectMapper mapper) {
    this.engine = engine;
    this.mapper = mapper;
  }

  /** What the command that looks up and starts ended with, besides its result. */
  private static final class Outcome {
    /** The definition that was started, once the start went through. */
    String startedDefinitionId;
    /** What Camunda's resource answered a start it could not make. */
    RuntimeException answer;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public ProcessInstanceDto start(@PathParam("key") String key, @Context UriInfo uriInfo,
      StartProcessInstanceDto parameters) {
    answered.incrementAndGet();
    ProcessEngine processEngine = engine.get();
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    ObjectMapper objectMapper = mapper.getContext(ObjectMapper.class);
    Outcome outcome = new Outcome();
    ProcessInstanceDto started = null;
    try {
      started = configuration.getCommandExecutorTxRequired().execute(context -> {
        String definitionId = latestReadableWithoutTenant(context, key);
        if (definitionId == null) {
          return null;
        }
        try {
          ProcessInstanceDto instance = new ProcessDefinitionResourceImpl(processEngine, definitionId, "/", objectMapper)
              .startProcessInstance(uriInfo, parameters);
          outcome.startedDefinitionId = definitionId;
          return instance;
        } catch (RuntimeException answer) {
          outcome.answer = answer;
          ProcessEngineException failure = engineFailure(answer);
          if (failure != null) {
            throw failure; // what the engine threw fails this command: rolled back, logged as Camunda logs it
          }
          return null; // refused before the engine ran (a variable it cannot read): nothing to undo
        }
      });
    } catch (RuntimeException failure) {
      if (outcome.answer == null) {
        throw outcome.startedDefinitionId != null && failure instanceof ProcessEngineException
            && !(failure instanceof AuthorizationException)
            // the commit failed: Camunda's resource answers a start that failed so
            ? new RestException(Status.INTERNAL_SERVER_ERROR, failure, String.format(
                "Cannot instantiate process definition %s: %s", outcome.startedDefinitionId, failure.getMessage()))
            : failure;
      }
    }
    if (outcome.answer != null) {
      throw outcome.answer;
    }
    if (started == null) {
      // Camunda's own answer for a key it does not find
      throw new RestException(Status.NOT_FOUND,
          String.format("No matching process definition with key: %s and no tenant-id", key));
    }
    return started;
  }

  /** How many starts this resource took so far. */
  long answered() {
    return answered.get();
  }

  /**
   * The engine's exception behind what Camunda's resource answered a failed start (it answers a
   * refusal as the engine's exception itself, a failure as a RestException caused by it), or null when
   * the engine did not run (the resource refused the request before it).
   */
  private static ProcessEngineException engineFailure(RuntimeException answer) {
    if (answer instanceof ProcessEngineException refused) {
      return refused;
    }
    return answer instanceof RestException && answer.getCause() instanceof ProcessEngineException failure
        ? failure : null;
  }

  /** In the command running now: the id of the latest version of {@code key} without a tenant, if the caller may read it. */
  private static String latestReadableWithoutTenant(CommandContext context, String key) {
    ProcessDefinitionEntity definition =
        context.getProcessDefinitionManager().findLatestProcessDefinitionByKeyAndTenantId(key, null);
    if (definition == null) {
      return null;
    }
    try {
      for (CommandChecker checker : context.getProcessEngineConfiguration().getCommandCheckers()) {
        checker.checkReadProcessDefinition(definition);
      }
    } catch (AuthorizationException notReadable) {
      return null; // as the query answers: not found
    }
    return definition.getId();
  }
}
