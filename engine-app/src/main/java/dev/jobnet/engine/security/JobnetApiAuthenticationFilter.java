package dev.jobnet.engine.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic authentication for our own API ({@code /jobnet-api/*}), doing what Camunda's
 * {@code ProcessEngineAuthenticationFilter} does for {@code /engine-rest/*}: check the password with
 * the engine, set the user with its groups and tenants on the engine's {@link IdentityService} for
 * the request (so the engine's authorization and tenant checks apply to whatever the endpoint does),
 * and clear it afterwards. Camunda's filter is not reused here because it takes the engine name from
 * the path after the servlet path, which for Spring MVC endpoints works only by accident.
 */
final class JobnetApiAuthenticationFilter extends OncePerRequestFilter {

  private final Supplier<ProcessEngine> engine;
  private final JobnetBasicAuthenticationProvider provider = new JobnetBasicAuthenticationProvider();

  JobnetApiAuthenticationFilter(Supplier<ProcessEngine> engine) {
    this.engine = engine;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ProcessEngine processEngine = engine.get();
    AuthenticationResult result = provider.extractAuthenticatedUser(request, processEngine);
    if (!result.isAuthenticated()) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      provider.augmentResponseByAuthenticationChallenge(response, processEngine);
      return;
    }
    IdentityService identity = processEngine.getIdentityService();
    String user = result.getAuthenticatedUser();
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    List<String> tenants = identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
        .map(Tenant::getId).toList();
    identity.setAuthentication(user, groups, tenants);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }
}
