package dev.jobnet.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * Camunda's HTTP Basic authentication against the engine's users ({@code identityService.checkPassword}),
 * answering a missing or wrong password with {@code WWW-Authenticate: Basic realm="jobnet"}; with
 * {@link VerifiedCredentials}, a caller verified a moment ago is answered from there, with its groups
 * and tenants, so that the filter queries none. Public with a public no-argument constructor: Camunda's
 * filter creates it by class name (then without the cache; {@link EngineRestAuthenticationFilter}
 * replaces it with one that has it).
 */
public class JobnetBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  public static final String REALM = "jobnet";
  public static final String CHALLENGE = "Basic realm=\"" + REALM + "\"";
  private static final String BASIC = "Basic ";

  private final VerifiedCredentials credentials;

  public JobnetBasicAuthenticationProvider() {
    this(null);
  }

  JobnetBasicAuthenticationProvider(VerifiedCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    if (credentials == null) {
      return super.extractAuthenticatedUser(request, engine);
    }
    Optional<VerifiedCredentials.Caller> caller = basic(request)
        .flatMap(c -> credentials.verify(engine.getIdentityService(), c[0], c[1]));
    if (caller.isEmpty()) {
      return AuthenticationResult.unsuccessful();
    }
    AuthenticationResult result = AuthenticationResult.successful(caller.get().userId());
    result.setGroups(caller.get().groups());
    result.setTenants(caller.get().tenants());
    return result;
  }

  /** The user and password of an {@code Authorization: Basic ...} header, as Camunda reads them. */
  static Optional<String[]> basic(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? Optional.empty()
        : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  @Override
  public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
    response.setHeader("WWW-Authenticate", CHALLENGE);
  }
}
