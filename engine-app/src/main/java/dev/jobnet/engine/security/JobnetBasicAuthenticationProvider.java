package dev.jobnet.engine.security;

import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * Camunda's HTTP Basic authentication against the engine's users ({@code identityService.checkPassword}),
 * answering a missing or wrong password with {@code WWW-Authenticate: Basic realm="jobnet"}. Public
 * with a public no-argument constructor: Camunda's filter creates it by class name.
 */
public class JobnetBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  public static final String REALM = "jobnet";
  public static final String CHALLENGE = "Basic realm=\"" + REALM + "\"";

  @Override
  public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
    response.setHeader("WWW-Authenticate", CHALLENGE);
  }
}
