package dev.jobnet.engine.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * Camunda's authentication filter for {@code /engine-rest}, made cheap for the requests that come by
 * the thousand (an agent sends several per job):
 *
 * <ul>
 *   <li>credentials verified a moment ago come from {@link VerifiedCredentials} with the caller's
 *       groups and tenants: no password check, no identity queries;
 *   <li>the engine is the application's, not looked up with a {@code ServiceLoader} per request;
 *   <li>a worker agent's calls to the external task API ({@code /engine-rest/external-task/...}:
 *       fetch, lock, extend, complete, failure) run as the engine, without an authenticated user.
 *       The agents' group holds READ_INSTANCE and UPDATE_INSTANCE on every process definition and is
 *       a member of every tenant ({@code Grants.AGENTS}), so the engine's per-row authorization checks
 *       (several queries per call) could only ever say yes; skipping them changes what an agent may
 *       do in nothing, and writes no user operation log entry for each job (the event log records
 *       the agent's actions). Every other call of an agent, and every call of anyone else, is
 *       checked as before.
 * </ul>
 */
final class EngineRestAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  private static final String EXTERNAL_TASK_API = "/external-task";

  private final Supplier<ProcessEngine> engine;
  private final VerifiedCredentials credentials;
  private final ThreadLocal<String> path = new ThreadLocal<>();
  private final ThreadLocal<ServletRequest> current = new ThreadLocal<>();

  EngineRestAuthenticationFilter(Supplier<ProcessEngine> engine, VerifiedCredentials credentials) {
    this.engine = engine;
    this.credentials = credentials;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    super.init(config);
    authenticationProvider = new JobnetBasicAuthenticationProvider(credentials);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String uri = http.getRequestURI();
    String prefix = http.getContextPath() + http.getServletPath();
    path.set(uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri);
    current.set(request);
    try {
      super.doFilter(request, response, chain);
    } finally {
      path.remove();
      current.remove();
    }
  }

  @Override
  protected ProcessEngine getAddressedEngine(String engineName) {
    ProcessEngine own = engine.get();
    return own.getName().equals(engineName) ? own : super.getAddressedEngine(engineName);
  }

  @Override
  protected void setAuthenticatedUser(ProcessEngine engine, String userId, List<String> groups, List<String> tenants) {
    if (isAgentsExternalTaskCall(path.get(), groups)) {
      AgentCalls.mark(current.get(), userId);
      return; // runs as the engine: see the class comment
    }
    super.setAuthenticatedUser(engine, userId, groups, tenants);
  }

  static boolean isAgentsExternalTaskCall(String path, List<String> groups) {
    return path != null && groups != null && groups.contains(JobnetGroups.AGENTS)
        && (path.equals(EXTERNAL_TASK_API) || path.startsWith(EXTERNAL_TASK_API + "/")
            || path.startsWith(EXTERNAL_TASK_API + "?"));
  }
}
