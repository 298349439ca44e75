package dev.jobnet.converter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A jobnet definition to read: its name as findings print it, and its text. */
public record SourceFile(String name, String text) {

  public static SourceFile read(Path path) throws IOException {
    return new SourceFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
  }
}
