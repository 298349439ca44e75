package dev.jobnet.engine.deploy.impl;

import dev.jobnet.engine.deploy.DeployingUser;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Runs engine calls as the system (no authenticated user: no authorization filtering, so reading what is
 * deployed always sees everything) or as a user (the engine checks its authorizations and writes the user
 * into the user operation log). The thread's previous authentication is restored afterwards, so the
 * security layer's authentication of the request stays as it was.
 */
public final class EngineAuthentication {

  private final IdentityService identity;

  public EngineAuthentication(IdentityService identity) {
    this.identity = identity;
  }

  public <T> T asSystem(Supplier<T> work) {
    Authentication previous = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return work.get();
    } finally {
      restore(previous);
    }
  }

  public <T> T as(DeployingUser user, List<String> tenantIds, Supplier<T> work) {
    Authentication previous = identity.getCurrentAuthentication();
    identity.setAuthentication(user.id(), user.groupIds(), tenantIds);
    try {
      return work.get();
    } finally {
      restore(previous);
    }
  }

  private void restore(Authentication previous) {
    if (previous == null) {
      identity.clearAuthentication();
    } else {
      identity.setAuthentication(previous);
    }
  }
}
