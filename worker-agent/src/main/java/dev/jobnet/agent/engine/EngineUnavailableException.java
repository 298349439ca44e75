package dev.jobnet.agent.engine;

/** The engine could not be reached or answered with a server error: try again later. */
public final class EngineUnavailableException extends RuntimeException {

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
