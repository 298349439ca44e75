package dev.jobnet.engine.security;

import dev.jobnet.engine.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may read Spring Boot Actuator's endpoints ({@code /actuator/*}, {@code docs/metrics.md}): the
 * two probes {@link #PROBES} answer anyone, without credentials and without looking at any (a load
 * balancer asks every few seconds; the answer is the status only); everything else, health details
 * and {@code /actuator/prometheus} included, is for operators ({@link Role#OPERATOR}: {@code
 * jobnet-admins} and {@code camunda-admin}) and monitoring systems ({@link Role#MONITORING}: {@code
 * jobnet-monitoring}, which may read nothing else of the engine) with HTTP Basic, 401 without valid credentials and 403 for
 * anyone else, in our problem format. An operator's request goes on with the user as its principal and
 * the user's groups as its roles, which is what Actuator's {@code show-details: when-authorized} asks.
 * Nothing here touches the engine's authentication of the thread: Actuator does not call the engine as
 * the caller.
 */
final class ActuatorAuthenticationFilter extends OncePerRequestFilter {

  /** Spring Boot Actuator's endpoints. */
  static final String ACTUATOR = "/actuator/*";

  /** The paths that answer without credentials: liveness and readiness, the status only. */
  static final Set<String> PROBES = Set.of("/actuator/health/liveness", "/actuator/health/readiness");

  /** Who may read every endpoint: operators and monitoring systems. */
  static final List<Role> READERS = List.of(Role.OPERATOR, Role.MONITORING);

  private final Supplier<ProcessEngine> engine;
  private final VerifiedCredentials credentials;

  ActuatorAuthenticationFilter(Supplier<ProcessEngine> engine, VerifiedCredentials credentials) {
    this.engine = engine;
    this.credentials = credentials;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (PROBES.contains(path(request))) {
      chain.doFilter(request, response);
      return;
    }
    Optional<VerifiedCredentials.Caller> caller = JobnetBasicAuthenticationProvider.basic(request)
        .flatMap(c -> credentials.verify(engine.get().getIdentityService(), c[0], c[1]));
    if (caller.isEmpty()) {
      response.setHeader("WWW-Authenticate", JobnetBasicAuthenticationProvider.CHALLENGE);
      Problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED,
          "authentication required: send the HTTP Basic credentials of an operator (jobnet-admins or"
              + " camunda-admin) or of a monitoring system (jobnet-monitoring); only " + String.join(" and ", PROBES)
              + " answer without"));
      return;
    }
    if (READERS.stream().noneMatch(r -> r.isMember(caller.get().groups()))) {
      Problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN,
          "user '" + caller.get().userId() + "' may not read " + path(request) + ": only members of "
              + String.join(", ", READERS.stream().flatMap(r -> r.groups().stream()).toList()) + " may"));
      return;
    }
    chain.doFilter(new Authenticated(request, caller.get().userId(), caller.get().groups()), response);
  }

  /**
   * The path as the servlet container decoded and normalized it (what the dispatcher maps), not the
   * raw request URI: {@code /actuator/health/readiness/../env} must not count as a probe.
   */
  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    return request.getPathInfo() == null ? servletPath : servletPath + request.getPathInfo();
  }

  /** The request of an operator: the user as its principal, the user's groups as its roles. */
  private static final class Authenticated extends HttpServletRequestWrapper {

    private final String user;
    private final List<String> groups;

    Authenticated(HttpServletRequest request, String user, List<String> groups) {
      super(request);
      this.user = user;
      this.groups = List.copyOf(groups);
    }

    @Override
    public Principal getUserPrincipal() {
      return () -> user;
    }

    @Override
    public String getRemoteUser() {
      return user;
    }

    @Override
    public boolean isUserInRole(String role) {
      return groups.contains(role);
    }
  }
}
