package dev.jobnet.engine.security;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

/**
 * The engine's authorization manager (one per command), whose two questions at the start of every
 * authorization check (which groups hold any authorization; whether revoking authorizations concern
 * the caller) are answered from the {@link AuthorizationMemory} when the engine answered them a moment
 * ago. Everything else, the checks themselves included, is Camunda's own.
 */
final class RememberingAuthorizationManager extends AuthorizationManager {

  private final AuthorizationMemory memory;

  RememberingAuthorizationManager(AuthorizationMemory memory) {
    this.memory = memory;
  }

  @Override
  protected Set<String> getAllGroups() {
    if (availableAuthorizedGroupIds == null) {
      Optional<Set<String>> remembered = memory.groupsWithAuthorizations();
      if (remembered.isPresent()) {
        availableAuthorizedGroupIds = new HashSet<>(remembered.get());
      } else {
        long generation = memory.generation();
        Set<String> read = super.getAllGroups();
        memory.rememberGroupsWithAuthorizations(read, generation);
      }
    }
    return availableAuthorizedGroupIds;
  }

  @Override
  protected boolean isRevokeAuthCheckEnabled(String userId, List<String> groupIds) {
    if (isRevokeAuthCheckUsed != null || !isAuto()) {
      return super.isRevokeAuthCheckEnabled(userId, groupIds); // known for this command, or no query at all
    }
    Optional<Boolean> remembered = memory.revokesConcern(userId, groupIds);
    if (remembered.isPresent()) {
      isRevokeAuthCheckUsed = remembered.get();
      return remembered.get();
    }
    long generation = memory.generation();
    boolean concern = super.isRevokeAuthCheckEnabled(userId, groupIds);
    memory.rememberRevokesConcern(userId, groupIds, concern, generation);
    return concern;
  }

  /** Camunda's default mode "auto": whether revokes apply is asked of the database. */
  private static boolean isAuto() {
    String mode = Context.getProcessEngineConfiguration().getAuthorizationCheckRevokes();
    return mode == null || !(ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_ALWAYS.equalsIgnoreCase(mode)
        || ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_NEVER.equalsIgnoreCase(mode));
  }
}
