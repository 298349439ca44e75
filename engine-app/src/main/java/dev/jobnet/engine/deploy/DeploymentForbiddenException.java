package dev.jobnet.engine.deploy;

/** The authenticated user may not deploy (no {@code CREATE} on {@code DEPLOYMENT}, or not of the tenant). */
public final class DeploymentForbiddenException extends RuntimeException {

  public DeploymentForbiddenException(String message) {
    super(message);
  }
}
