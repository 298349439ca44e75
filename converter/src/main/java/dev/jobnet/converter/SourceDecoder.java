package dev.jobnet.converter;

import dev.jobnet.converter.model.Location;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Jobnet YAML bytes as text, strictly UTF-8 (for files the converter reads and for uploads): bytes that are not UTF-8 are a {@code JN007} finding at
 * the line and column of the first one (as the converter reports files it reads itself), never text
 * with replacement characters deployed.
 */
public final class SourceDecoder {

  private SourceDecoder() {}

  /** The decoded file, or the finding that says why it cannot be read. */
  public sealed interface Decoded permits Text, Unreadable {}

  public record Text(SourceFile source) implements Decoded {}

  public record Unreadable(Finding finding) implements Decoded {}

  public static Decoded decode(String name, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never needs more chars than bytes
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (!result.isError()) {
      // As the converter reads files itself, so findings are located exactly as `jobnet validate` locates them.
      return new Text(new SourceFile(name, out.toString()));
    }
    int line = 1;
    int column = 1;
    for (int i = 0; i < out.limit(); i++) {
      char c = out.get(i);
      if (c == '\n') {
        line++;
        column = 1;
      } else if (!Character.isLowSurrogate(c)) {
        column++;
      }
    }
    return new Unreadable(new Finding(FindingCode.FILE_UNREADABLE, new Location(name, line, column), String.format(
        "the file is not UTF-8 text: the byte 0x%02X cannot be decoded; save the file as UTF-8",
        bytes[in.position()] & 0xff)));
  }
}
