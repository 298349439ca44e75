package dev.jobnet.engine.security;

import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * Tells the filters after the authentication of {@code /engine-rest} that a request is a worker
 * agent's call to the external task API: authenticated as a member of {@code jobnet-agents}, run as
 * the engine ({@link EngineRestAuthenticationFilter}). What an agent may say beside Camunda's request
 * (the names of its fetches) is taken only from such a request.
 */
public final class AgentCalls {

  private static final String ATTRIBUTE = AgentCalls.class.getName() + ".user";

  private AgentCalls() {}

  static void mark(ServletRequest request, String userId) {
    if (request != null) {
      request.setAttribute(ATTRIBUTE, userId);
    }
  }

  /** The agent's user, when the request is an authenticated agent's external task call. */
  public static Optional<String> agentUser(ServletRequest request) {
    return Optional.ofNullable(request.getAttribute(ATTRIBUTE)).map(Object::toString);
  }
}
