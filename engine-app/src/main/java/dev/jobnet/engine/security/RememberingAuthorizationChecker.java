package dev.jobnet.engine.security;

import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * Camunda's authorization checks of commands, with the check of a process instance start answered
 * from {@link AuthorizationMemory} when the engine said yes to the same caller a moment ago. Every other
 * check is Camunda's own, unchanged; so is this one whenever it would not run at all (authorization
 * off, checks disabled for the command, no authenticated caller) or nothing is remembered.
 */
final class RememberingAuthorizationChecker extends AuthorizationCommandChecker {

  private final AuthorizationMemory memory;

  RememberingAuthorizationChecker(AuthorizationMemory memory) {
    this.memory = memory;
  }

  @Override
  public void checkCreateProcessInstance(ProcessDefinition definition) {
    CommandContext context = Context.getCommandContext();
    Authentication authentication = context == null ? null : context.getAuthentication();
    if (!memory.enabled() || authentication == null || authentication.getUserId() == null
        || !context.isAuthorizationCheckEnabled()
        || !context.getProcessEngineConfiguration().isAuthorizationEnabled()) {
      super.checkCreateProcessInstance(definition);
      return;
    }
    AuthorizationMemory.Starter caller = new AuthorizationMemory.Starter(authentication.getUserId(),
        authentication.getGroupIds(), definition.getKey());
    if (memory.isStartAllowed(caller)) {
      return;
    }
    long generation = memory.generation();
    super.checkCreateProcessInstance(definition); // throws AuthorizationException when refused
    memory.rememberStartAllowed(caller, generation);
  }
}
