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

  /**
   * Runs engine calls as {@code userId} with the engine's own powers (as a member of {@code
   * camunda-admin}: no authorization or tenant check), for an action the caller's role allows only
   * after a check of its own (an application stopping a run of its own tenant): what the engine records
   * (events, operation log) still names the user. The caller's authentication is put back afterwards.
   */
  public static <T> T callAs(IdentityService identity, String userId, Supplier<T> work) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.setAuthentication(userId, java.util.List.of(JobnetGroups.CAMUNDA_ADMIN));
    try {
      return work.get();
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      } else {
        identity.clearAuthentication();
      }
    }
  }

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
