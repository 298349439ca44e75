package dev.jobnet.engine.logging;

import dev.jobnet.protocol.JobMdc;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the external task a request is about ({@code /engine-rest/external-task/{id}/complete}, {@code
 * /jobnet-api/jobs/{id}/start}, ...) in the MDC as {@code taskId} while the request is served: what
 * the engine logs while it completes, fails or extends a job (Camunda's own warnings included) joins
 * the agent's lines about that task.
 */
final class TaskRequestMdcFilter extends OncePerRequestFilter {

  private static final Pattern TASK = Pattern.compile(".*/(?:external-task|jobnet-api/jobs)/([^/]+)(?:/.*)?$");
  /** Paths under external-task that are not a task id. */
  private static final Set<String> NOT_A_TASK = Set.of("fetchAndLock", "count", "topic-names",
      "retries", "retries-async");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String taskId = taskId(request.getRequestURI());
    if (taskId == null) {
      chain.doFilter(request, response);
      return;
    }
    try (JobMdc ignored = JobMdc.of(null, null, null, taskId, 0, null)) {
      chain.doFilter(request, response);
    }
  }

  /** The task id in a request's path, or null. */
  static String taskId(String uri) {
    Matcher m = TASK.matcher(uri);
    if (!m.matches() || NOT_A_TASK.contains(m.group(1))) {
      return null;
    }
    return m.group(1);
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }
}
