package dev.jobnet.engine.security;

/**
 * The security configuration does not allow a start (no administrator password outside demo mode,
 * a service user without a password, an id Camunda would refuse). The message is one line that says
 * what to set; {@link #action()} repeats it for Spring Boot's failure report.
 */
public class InvalidSecurityConfigurationException extends RuntimeException {

  private final String action;

  InvalidSecurityConfigurationException(String message, String action) {
    super(message);
    this.action = action;
  }

  /** What the operator does about it, with the environment variables to set. */
  public String action() {
    return action;
  }
}
