package dev.jobnet.engine.deploy;

import dev.jobnet.engine.deploy.impl.EngineAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The user the security layer authenticated for the current request: the engine's authentication of
 * the thread (set by Camunda's authentication filter) or else the servlet request's remote user (set by
 * Spring Security or the container), with their groups from the identity service. Authenticating is the
 * security layer's job; this only reads its result.
 */
@Component
class CurrentUser {

  private final IdentityService identity;
  private final EngineAuthentication authentication;

  CurrentUser(IdentityService identity, EngineAuthentication authentication) {
    this.identity = identity;
    this.authentication = authentication;
  }

  /** @throws NotAuthenticatedException when the request has no authenticated user */
  DeployingUser require(HttpServletRequest request) {
    Authentication engineUser = identity.getCurrentAuthentication();
    if (engineUser != null && engineUser.getUserId() != null) {
      List<String> groups = engineUser.getGroupIds() != null ? engineUser.getGroupIds() : groupsOf(engineUser.getUserId());
      return new DeployingUser(engineUser.getUserId(), groups);
    }
    String remoteUser = request.getRemoteUser();
    if (remoteUser != null) {
      return new DeployingUser(remoteUser, groupsOf(remoteUser));
    }
    throw new NotAuthenticatedException("authentication required: send the HTTP Basic credentials of a user who may"
        + " deploy (./jobnet deploy reads JOBNET_USER and JOBNET_PASSWORD)");
  }

  private List<String> groupsOf(String userId) {
    return authentication.asSystem(() -> identity.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId)
        .toList());
  }
}
