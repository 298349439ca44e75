package dev.jobnet.engine.deploy;

/** A deployment request reached the endpoint without an authenticated user. */
public final class NotAuthenticatedException extends RuntimeException {

  public NotAuthenticatedException(String message) {
    super(message);
  }
}
