package dev.jobnet.agent.engine;

/** The engine refuses the agent (wrong credentials, missing permissions, wrong URL): configuration. */
public final class AccessRefusedException extends RuntimeException {

  public AccessRefusedException(String message) {
    super(message);
  }
}
