package dev.jobnet.engine.security;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Runs engine calls as the engine itself, without the caller's authorization checks: for what the
 * scheduler does on its own behalf (the watchdog, the registry) after it has checked the caller's
 * role itself. The caller's authentication is put back afterwards.
 */
public final class AsEngine {

  private AsEngine() {}

  public static <T> T call(IdentityService identity, Supplier<T> work) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return work.get();
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }
}
