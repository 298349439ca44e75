package dev.jobnet.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;

/**
 * The log-in of Camunda's webapps (Cockpit) on a request to our API: the user Camunda keeps in the HTTP
 * session after a log-in, and the CSRF token it issued to that session. Lets the Cockpit plugin call
 * {@code /jobnet-api} as the logged-in operator; a request that changes something must send the
 * session's token in {@code X-XSRF-TOKEN}, as Camunda's own webapp API requires.
 */
final class WebappSession {

  /** Where Camunda's webapps keep the logged-in users ({@code AuthenticationUtil.CAM_AUTH_SESSION_KEY}). */
  static final String AUTHENTICATIONS_ATTRIBUTE = "authenticatedUser";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private WebappSession() {}

  /** The user logged in to the webapps on this engine in the request's session, if any. */
  static Optional<String> user(HttpServletRequest request, String engineName) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    if (!(session.getAttribute(AUTHENTICATIONS_ATTRIBUTE) instanceof Authentications authentications)) {
      return Optional.empty();
    }
    Authentication user = authentications.getAuthenticationForProcessEngine(engineName);
    if (user == null || user.getIdentityId() == null || Authentication.ANONYMOUS.equals(user)) {
      return Optional.empty();
    }
    return Optional.of(user.getIdentityId());
  }

  /** Whether a request may go on: a safe method, or the session's CSRF token in {@code X-XSRF-TOKEN}. */
  static boolean csrfTokenValid(HttpServletRequest request) {
    if (SAFE_METHODS.contains(request.getMethod())) {
      return true;
    }
    HttpSession session = request.getSession(false);
    Object expected = session == null ? null : session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
    String sent = request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME);
    return expected instanceof String token && sent != null && !sent.isEmpty()
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }
}
