package dev.jobnet.engine.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantCommandChecker;
import org.springframework.stereotype.Component;

/**
 * Puts {@link RememberingAuthorizationChecker} where the engine's own authorization checker of
 * commands would be; the tenant checker stays as it is.
 */
@Component
class StartPermissionChecks extends AbstractProcessEnginePlugin {

  private final StartPermissions permissions;

  StartPermissionChecks(StartPermissions permissions) {
    this.permissions = permissions;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandChecker> checkers = new ArrayList<>();
    if (configuration.getCommandCheckers() == null) {
      checkers.add(new TenantCommandChecker()); // as the engine's own default, in its order
      checkers.add(new RememberingAuthorizationChecker(permissions));
    } else {
      for (CommandChecker checker : configuration.getCommandCheckers()) {
        checkers.add(checker.getClass() == AuthorizationCommandChecker.class
            ? new RememberingAuthorizationChecker(permissions) : checker);
      }
    }
    configuration.setCommandCheckers(checkers);
  }
}
