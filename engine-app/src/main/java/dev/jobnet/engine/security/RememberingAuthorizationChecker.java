package dev.jobnet.engine.security;

import dev.jobnet.engine.security.AuthorizationMemory.DefinitionPermission;
import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * Camunda's authorization checks of commands, with two checks answered from {@link AuthorizationMemory}
 * when the engine said yes to the same caller a moment ago: the start of a process instance, and the
 * read of a process definition (each start by key asks it). Every other check is Camunda's own,
 * unchanged; so are these whenever they would not run at all (authorization off, checks disabled for
 * the command, no authenticated caller) or nothing is remembered.
 */
final class RememberingAuthorizationChecker extends AuthorizationCommandChecker {

  private final AuthorizationMemory memory;

  RememberingAuthorizationChecker(AuthorizationMemory memory) {
    this.memory = memory;
  }

  @Override
  public void checkCreateProcessInstance(ProcessDefinition definition) {
    check(definition, DefinitionPermission.START, () -> super.checkCreateProcessInstance(definition));
  }

  @Override
  public void checkReadProcessDefinition(ProcessDefinition definition) {
    check(definition, DefinitionPermission.READ, () -> super.checkReadProcessDefinition(definition));
  }

  /** Asks {@code enginesCheck} (it throws an AuthorizationException when refused) unless a "yes" is remembered. */
  private void check(ProcessDefinition definition, DefinitionPermission permission, Runnable enginesCheck) {
    CommandContext context = Context.getCommandContext();
    Authentication authentication = context == null ? null : context.getAuthentication();
    if (!memory.enabled() || authentication == null || authentication.getUserId() == null
        || !context.isAuthorizationCheckEnabled()
        || !context.getProcessEngineConfiguration().isAuthorizationEnabled()) {
      enginesCheck.run();
      return;
    }
    AuthorizationMemory.Question question = new AuthorizationMemory.Question(authentication.getUserId(),
        authentication.getGroupIds(), definition.getKey(), permission);
    if (memory.isAllowed(question)) {
      return;
    }
    long generation = memory.generation();
    enginesCheck.run();
    memory.rememberAllowed(question, generation);
  }
}
