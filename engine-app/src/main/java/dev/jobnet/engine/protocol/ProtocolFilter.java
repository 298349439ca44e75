package dev.jobnet.engine.protocol;

import dev.jobnet.engine.api.Problems;
import dev.jobnet.protocol.Protocol;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses agent requests of another protocol version with {@code 409 PROTOCOL_MISMATCH}, a problem
 * ({@code docs/rest-api.md}) with the members {@code protocol} and {@code requestProtocol}: any request
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
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("protocol", Protocol.VERSION);
    members.put("requestProtocol", spoken);
    Problems.write(request, response, Problems.of(HttpStatus.CONFLICT, Protocol.MISMATCH, message, members));
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
