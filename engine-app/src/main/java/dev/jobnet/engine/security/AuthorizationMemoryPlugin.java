package dev.jobnet.engine.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantCommandChecker;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Lets the engine's authorization checks use the {@link AuthorizationMemory}: puts
 * {@link RememberingAuthorizationChecker} where the engine's own authorization checker of commands
 * would be (the tenant checker stays as it is), and makes the engine's authorization manager a
 * {@link RememberingAuthorizationManager}.
 */
@Component
class AuthorizationMemoryPlugin extends AbstractProcessEnginePlugin {

  private final AuthorizationMemory memory;

  AuthorizationMemoryPlugin(AuthorizationMemory memory) {
    this.memory = memory;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandChecker> checkers = new ArrayList<>();
    if (configuration.getCommandCheckers() == null) {
      checkers.add(new TenantCommandChecker()); // as the engine's own default, in its order
      checkers.add(new RememberingAuthorizationChecker(memory));
    } else {
      for (CommandChecker checker : configuration.getCommandCheckers()) {
        checkers.add(checker.getClass() == AuthorizationCommandChecker.class
            ? new RememberingAuthorizationChecker(memory) : checker);
      }
    }
    configuration.setCommandCheckers(checkers);

    List<SessionFactory> factories = configuration.getCustomSessionFactories() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomSessionFactories());
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class; // replaces the engine's own factory of that type
      }

      @Override
      public Session openSession() {
        return new RememberingAuthorizationManager(memory);
      }
    });
    configuration.setCustomSessionFactories(factories);
  }
}
