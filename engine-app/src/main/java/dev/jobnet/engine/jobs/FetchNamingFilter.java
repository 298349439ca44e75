package dev.jobnet.engine.jobs;

import dev.jobnet.engine.security.AgentCalls;
import dev.jobnet.protocol.FetchHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the names an agent gives its fetch ({@link FetchHeaders}) from {@code POST
 * /engine-rest/external-task/fetchAndLock}, after the authentication and only from an agent's call
 * ({@link AgentCalls}): the fetch's own name for {@link FetchNames} while its request's thread answers
 * it, and the names of earlier fetches whose answers it never received for {@link LostFetches},
 * recorded, and their jobs given back ({@link LostFetchRelease}), before the fetch runs. Names that
 * are no fetch names are ignored.
 */
final class FetchNamingFilter extends OncePerRequestFilter {

  private final FetchNames names;
  private final LostFetches lost;
  private final LostFetchRelease release;
  private final AtomicLong waiting = new AtomicLong();

  FetchNamingFilter(FetchNames names, LostFetches lost, LostFetchRelease release) {
    this.names = names;
    this.lost = lost;
    this.release = release;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String worker = worker(request.getHeader(FetchHeaders.WORKER));
    if (worker != null && "POST".equals(request.getMethod()) && AgentCalls.agentUser(request).isPresent()) {
      String lostNames = request.getHeader(FetchHeaders.LOST);
      if (lostNames != null) {
        List<String> declared = Arrays.stream(lostNames.split(",")).map(String::trim).filter(FetchHeaders::isName)
            .limit(FetchHeaders.MAX_LOST).toList();
        if (!declared.isEmpty()) {
          lost.declare(worker, declared);
          release.releaseLost(worker, declared);
        }
      }
      String fetch = request.getHeader(FetchHeaders.FETCH);
      if (FetchHeaders.isName(fetch)) {
        names.answering(worker, fetch);
        try {
          chain.doFilter(request, response);
        } finally {
          names.answered();
          if (request.isAsyncStarted()) {
            waiting.incrementAndGet(); // found nothing: it waits, and what it gets later is not marked
          }
        }
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** How many named fetches found nothing at once and went on waiting (a long poll), since the start. */
  long waitingFetches() {
    return waiting.get();
  }

  /** The worker id the header names, or null for none or an unreadable one. */
  static String worker(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      String worker = URLDecoder.decode(header.trim(), StandardCharsets.UTF_8);
      return worker.isBlank() ? null : worker;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
