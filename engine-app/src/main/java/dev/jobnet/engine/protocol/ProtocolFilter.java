package dev.jobnet.engine.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.protocol.Protocol;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses agent requests of another protocol version with {@code 409 PROTOCOL_MISMATCH}: any request
 * whose {@value Protocol#HEADER} header names another version, and the two requests whose meaning
 * changed in version 2 (a start marker, whose attempt is counted from the task's retries, and a
 * failure report, whose retries are the runs left) when they name none. Every answer says the
 * version this engine app speaks in the same header. Runs after authentication, so a caller without
 * credentials still gets 401.
 */
final class ProtocolFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(ProtocolFilter.class);
  /** The requests an agent of another version would get wrong silently. */
  private static final Pattern VERSIONED = Pattern.compile(
      ".*(/jobnet-api/jobs/[^/]+/start|/external-task/[^/]+/failure)$");

  private final ObjectMapper json = new ObjectMapper();

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader(Protocol.HEADER, Integer.toString(Protocol.VERSION));
    String header = request.getHeader(Protocol.HEADER);
    Integer spoken = parse(header);
    boolean refused = header != null ? spoken == null || spoken != Protocol.VERSION
        : "POST".equals(request.getMethod()) && VERSIONED.matcher(request.getRequestURI()).matches();
    if (!refused) {
      chain.doFilter(request, response);
      return;
    }
    String message = Protocol.mismatch(spoken);
    LOG.warn("{} {} refused: {}", request.getMethod(), request.getRequestURI(), message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", Protocol.MISMATCH);
    body.put("protocol", Protocol.VERSION);
    body.put("requestProtocol", spoken);
    body.put("message", message);
    response.setStatus(HttpServletResponse.SC_CONFLICT);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json.writeValueAsString(body));
  }

  private static Integer parse(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Integer.valueOf(header.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
