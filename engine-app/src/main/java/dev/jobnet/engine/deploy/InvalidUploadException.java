package dev.jobnet.engine.deploy;

/** A deployment request that cannot be processed as sent (no files, a file name twice, an unknown tenant). */
public final class InvalidUploadException extends RuntimeException {

  public InvalidUploadException(String message) {
    super(message);
  }
}
