package dev.jobnet.engine.deploy;

/**
 * The folders of {@code jobnet.definitions} are laid out wrongly (a tenant folder for a tenant that is
 * not configured, a file directly in {@code tenants/}, a folder that cannot be read). Start-up stops.
 */
public final class DefinitionFolderException extends RuntimeException {

  public DefinitionFolderException(String message) {
    super(message);
  }

  public DefinitionFolderException(String message, Throwable cause) {
    super(message, cause);
  }
}
