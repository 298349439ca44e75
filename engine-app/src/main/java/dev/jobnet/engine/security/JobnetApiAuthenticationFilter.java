package dev.jobnet.engine.security;

import dev.jobnet.engine.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authentication for our own API ({@code /jobnet-api/*}): HTTP Basic, doing what Camunda's
 * {@code ProcessEngineAuthenticationFilter} does for {@code /engine-rest/*}: check the password with
 * the engine, set the user with its groups and tenants on the engine's {@link IdentityService} for
 * the request (so the engine's authorization and tenant checks apply to whatever the endpoint does),
 * and clear it afterwards. A request without an {@code Authorization} header may instead come from
 * the Cockpit plugin with the log-in of Camunda's webapps ({@link WebappSession}); a change it asks
 * for needs the session's CSRF token (403 without it). A request from a script
 * ({@code X-Requested-With: XMLHttpRequest}) gets its 401 without the Basic challenge, so that a
 * browser does not ask for a password over Cockpit when the session has expired. Camunda's filter is not reused here because it takes the engine name from
 * the path after the servlet path, which for Spring MVC endpoints works only by accident.
 */
final class JobnetApiAuthenticationFilter extends OncePerRequestFilter {

  private static final String AUTHORIZATION = "Authorization";
  /** The paths of the backends' callbacks (as {@code dev.jobnet.engine.callbacks.Callbacks.PATH}). */
  static final String CALLBACKS = "/jobnet-api/callbacks/";
  private static final String REQUESTED_WITH = "X-Requested-With";
  private static final String XHR = "XMLHttpRequest";
  /** The reason of a Cockpit request without its session's CSRF token. */
  static final String INVALID_CSRF_TOKEN = "INVALID_CSRF_TOKEN";

  private final Supplier<ProcessEngine> engine;
  private final VerifiedCredentials credentials;
  private final JobnetBasicAuthenticationProvider provider = new JobnetBasicAuthenticationProvider();

  JobnetApiAuthenticationFilter(Supplier<ProcessEngine> engine, VerifiedCredentials credentials) {
    this.engine = engine;
    this.credentials = credentials;
  }

  /**
   * The callback URLs of http jobs are the backends' to call, with no credentials of ours: their token is
   * the credential ({@code docs/http-jobs.md}).
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length()).startsWith(CALLBACKS);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ProcessEngine processEngine = engine.get();
    IdentityService identity = processEngine.getIdentityService();
    String user = null;
    List<String> groups = null;
    List<String> tenants = null;
    if (request.getHeader(AUTHORIZATION) == null) {
      Optional<String> webappUser = WebappSession.user(request, processEngine.getName())
          .filter(id -> identity.createUserQuery().userId(id).count() > 0);
      if (webappUser.isPresent() && !WebappSession.csrfTokenValid(request)) {
        refuse(request, response, HttpStatus.FORBIDDEN, INVALID_CSRF_TOKEN, "the request has no valid CSRF token"
            + " (X-XSRF-TOKEN) of your Cockpit session; reload Cockpit and try again");
        return;
      }
      user = webappUser.orElse(null);
      if (user != null) {
        groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
        tenants = identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
            .map(Tenant::getId).toList();
      }
    } else {
      Optional<VerifiedCredentials.Caller> caller = JobnetBasicAuthenticationProvider.basic(request)
          .flatMap(c -> credentials.verify(identity, c[0], c[1]));
      if (caller.isPresent()) {
        user = caller.get().userId();
        groups = caller.get().groups();
        tenants = caller.get().tenants();
      }
    }
    if (user == null) {
      if (!XHR.equals(request.getHeader(REQUESTED_WITH))) {
        provider.augmentResponseByAuthenticationChallenge(response, processEngine);
      }
      refuse(request, response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "authentication required: log in to"
          + " Cockpit, or send HTTP Basic credentials");
      return;
    }
    identity.setAuthentication(user, groups, tenants);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }

  private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
      String reason, String message) throws IOException {
    Problems.write(request, response, Problems.of(status, reason, message));
  }
}
