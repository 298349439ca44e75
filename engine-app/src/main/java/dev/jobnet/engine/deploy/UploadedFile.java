package dev.jobnet.engine.deploy;

/**
 * One jobnet YAML file of a deployment request: its name as findings print it, and its bytes (UTF-8).
 */
public record UploadedFile(String name, byte[] content) {

  public UploadedFile {
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }
}
