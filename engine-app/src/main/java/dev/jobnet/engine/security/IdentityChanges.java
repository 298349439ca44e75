package dev.jobnet.engine.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CreateMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.CreateTenantGroupMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.CreateTenantUserMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteAuthorizationCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteGroupCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByIdsCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByKeyCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTenantCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTenantGroupMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTenantUserMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserCmd;
import org.camunda.bpm.engine.impl.cmd.SaveAuthorizationCmd;
import org.camunda.bpm.engine.impl.cmd.SaveGroupCmd;
import org.camunda.bpm.engine.impl.cmd.SaveTenantCmd;
import org.camunda.bpm.engine.impl.cmd.SaveUserCmd;
import org.camunda.bpm.engine.impl.cmd.UnlockUserCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * Empties the {@link VerifiedCredentials} and the {@link AuthorizationMemory} whenever the engine changes
 * a user (password included), a group, a tenant or a membership, and empties the
 * {@link AuthorizationMemory} whenever it changes authorizations (directly, or by deleting what they are
 * on), through any API (Camunda Admin, the REST API, our bootstrap): an engine plugin that puts a
 * command interceptor before the engine's own, so that it forgets once the change is committed.
 */
@Component
class IdentityChanges extends AbstractProcessEnginePlugin {

  /** The engine's commands that change who a caller is or what it belongs to. */
  static final Set<Class<?>> CHANGES = Set.of(SaveUserCmd.class, DeleteUserCmd.class, UnlockUserCmd.class,
      SaveGroupCmd.class, DeleteGroupCmd.class, CreateMembershipCmd.class, DeleteMembershipCmd.class,
      SaveTenantCmd.class, DeleteTenantCmd.class, CreateTenantUserMembershipCmd.class,
      DeleteTenantUserMembershipCmd.class, CreateTenantGroupMembershipCmd.class, DeleteTenantGroupMembershipCmd.class);

  /** The engine's commands that change authorizations, or delete the definitions some are on. */
  static final Set<Class<?>> AUTHORIZATION_CHANGES = Set.of(SaveAuthorizationCmd.class, DeleteAuthorizationCmd.class,
      DeleteDeploymentCmd.class, DeleteProcessDefinitionsByIdsCmd.class, DeleteProcessDefinitionsByKeyCmd.class);

  private final VerifiedCredentials credentials;
  private final AuthorizationMemory memory;

  IdentityChanges(VerifiedCredentials credentials, AuthorizationMemory memory) {
    this.credentials = credentials;
    this.memory = memory;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> txRequired = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    txRequired.add(new Forget());
    configuration.setCustomPreCommandInterceptorsTxRequired(txRequired);
  }

  private final class Forget extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      try {
        return next.execute(command);
      } finally {
        if (CHANGES.contains(command.getClass())) {
          credentials.forgetAll();
          memory.forgetAll();
        } else if (AUTHORIZATION_CHANGES.contains(command.getClass())) {
          memory.forgetAll();
        }
      }
    }
  }
}
