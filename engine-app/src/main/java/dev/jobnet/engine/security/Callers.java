package dev.jobnet.engine.security;

import dev.jobnet.engine.api.ApiException;
import dev.jobnet.engine.api.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The one caller check of {@code /jobnet-api}: who is calling (the user the authentication filter set
 * on the engine for this request) and whether it has a {@link Role} the endpoint is for, else a
 * {@link NotPermitted} (403 {@code FORBIDDEN}). Members of {@code camunda-admin}, Camunda's own
 * administrators, count as operators everywhere. What a caller may see of the engine's data is the
 * engine's authorization and tenant checks' business, not this.
 */
@Component
public class Callers {

  private final IdentityService identity;

  public Callers(IdentityService identity) {
    this.identity = identity;
  }

  /** The authenticated caller, whatever its groups. */
  public Caller current() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      // the authentication filter answers 401 before a request gets here; this is a wiring fault
      throw new NotPermitted("no authenticated user on this request");
    }
    return new Caller(caller.getUserId(), caller.getGroupIds(), caller.getTenantIds());
  }

  /**
   * The caller, if it has one of {@code roles}; else refused: "user 'u' may not {@code action}: only
   * members of ... may".
   */
  public Caller require(String action, Role... roles) {
    Caller caller = current();
    if (!caller.is(roles)) {
      List<String> groups = new ArrayList<>();
      Arrays.stream(roles).forEach(r -> groups.addAll(r.groups()));
      throw new NotPermitted("user '" + caller.userId() + "' may not " + action + ": only members of "
          + enumerate(groups) + " may");
    }
    return caller;
  }

  /** The user id of an operator ({@code jobnet-admins} or {@code camunda-admin}); else refused. */
  public String requireOperator() {
    return require("do this", Role.OPERATOR).userId();
  }

  /** The user id of an agent ({@code jobnet-agents}) or an operator; else refused. */
  public String requireAgentOrOperator() {
    return require("do this", Role.AGENT, Role.OPERATOR).userId();
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  private static String enumerate(List<String> items) {
    if (items.size() < 2) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  /** The caller is authenticated but not in a group the endpoint is for: 403 {@code FORBIDDEN}. */
  public static final class NotPermitted extends ApiException {
    NotPermitted(String message) {
      super(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, message);
    }
  }
}
