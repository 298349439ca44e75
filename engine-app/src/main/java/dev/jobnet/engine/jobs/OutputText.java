package dev.jobnet.engine.jobs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The text an operator reads of one stream: the head, then, if bytes were dropped, a line
 * {@code … [N bytes not kept] …}, then the tail. Where bytes were dropped the cut may fall inside a
 * UTF-8 character: the broken pieces at the end of the head and the start of the tail are left out
 * too (and counted in N), so the text stays valid UTF-8 wherever the command wrote valid UTF-8.
 *
 * @param notShown bytes received but not in {@link #text()}
 */
record OutputText(byte[] text, long total, long notShown) {

  boolean truncated() {
    return notShown > 0;
  }

  static OutputText of(byte[] head, byte[] tail, long total) {
    long dropped = total - head.length - tail.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + tail.length + 64);
    if (dropped <= 0) {
      out.writeBytes(head);
      out.writeBytes(tail);
      return new OutputText(out.toByteArray(), total, 0);
    }
    int headEnd = completeEnd(head);
    int tailStart = firstLead(tail);
    long notShown = dropped + (head.length - headEnd) + tailStart;
    out.write(head, 0, headEnd);
    out.writeBytes(marker(notShown));
    out.write(tail, tailStart, tail.length - tailStart);
    return new OutputText(out.toByteArray(), total, notShown);
  }

  /** The last {@code n} lines of {@code text} (a last line without its newline counts). */
  static String lastLines(String text, int n) {
    String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    int at = trimmed.length();
    for (int i = 0; i < n; i++) {
      at = at == 0 ? -1 : trimmed.lastIndexOf('\n', at - 1);
      if (at < 0) {
        return trimmed;
      }
    }
    return trimmed.substring(at + 1);
  }

  static byte[] marker(long notShown) {
    return ("\n… [" + notShown + " bytes not kept] …\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The length of {@code head} without a UTF-8 sequence cut short at its end. */
  static int completeEnd(byte[] head) {
    for (int back = 1; back <= Math.min(4, head.length); back++) {
      int b = head[head.length - back] & 0xFF;
      if (!isContinuation(b)) {
        int need = sequenceLength(b);
        return need > back ? head.length - back : head.length;
      }
    }
    return head.length; // not UTF-8 here: leave it as it is
  }

  /** The index of the first byte of {@code tail} that does not continue a character cut off before it. */
  static int firstLead(byte[] tail) {
    for (int i = 0; i < Math.min(4, tail.length); i++) {
      if (!isContinuation(tail[i] & 0xFF)) {
        return i;
      }
    }
    return tail.length <= 3 ? tail.length : 0; // only continuation bytes, or not UTF-8 here
  }

  private static boolean isContinuation(int b) {
    return (b & 0xC0) == 0x80;
  }

  private static int sequenceLength(int lead) {
    if (lead < 0x80) {
      return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
      return 2;
    }
    if ((lead & 0xF0) == 0xE0) {
      return 3;
    }
    if ((lead & 0xF8) == 0xF0) {
      return 4;
    }
    return 1; // not a lead byte: nothing to complete
  }
}
