package dev.jobnet.engine.jobs;

/**
 * What is kept of one output stream of one attempt, whatever its size: the first {@code headCap}
 * bytes (the head), and the last {@code tailCap} bytes after them (the tail, rolling: older bytes
 * are dropped as new ones arrive), plus the count of every byte ever received. Pure arithmetic on
 * stream offsets; {@link OutputStore} does the storing.
 *
 * <p>The head grows only while nothing has gone to the tail, so it is always the stream's first
 * bytes, even if the cap changes between two requests.
 */
record OutputWindow(long headCap, long tailCap) {

  OutputWindow {
    if (headCap < 0 || tailCap < 1) {
      throw new IllegalArgumentException("head cap " + headCap + " and tail cap " + tailCap);
    }
  }

  /** Half of the cap for the head, the rest for the tail. */
  static OutputWindow ofCap(long cap) {
    return new OutputWindow(cap / 2, cap - cap / 2);
  }

  /** What is stored: the head's length and the number of bytes received so far. */
  record Stored(long headBytes, long total) {

    Stored {
      if (headBytes < 0 || total < headBytes) {
        throw new IllegalArgumentException("head " + headBytes + " of total " + total);
      }
    }
  }

  /**
   * Where the bytes of one request go, as ranges of its body ({@code from} inclusive, {@code to}
   * exclusive; empty when equal).
   *
   * @param headFrom first body byte that goes to the head (the stream offset {@code offset + headFrom})
   * @param tailFrom first body byte that goes to the tail; bytes before it that are neither skipped
   *     nor in the head are dropped at once (a body larger than the tail)
   * @param tailStart the stream offset where the tail begins after this request: stored tail bytes
   *     before it are dropped
   */
  record Plan(int skipped, int headFrom, int headTo, int tailFrom, int length, Stored after, long tailStart) {

    boolean hasHead() {
      return headTo > headFrom;
    }

    boolean hasTail() {
      return length > tailFrom;
    }
  }

  /**
   * The plan for {@code length} bytes that start at stream offset {@code offset}, or null when the
   * offset leaves a gap after what was received ({@code offset > total}). Bytes before
   * {@code stored.total()} were received before and are skipped.
   */
  Plan plan(Stored stored, long offset, int length) {
    return plan(stored, offset, length, null);
  }

  /**
   * The same, for a sender that knows the stream's final length ({@code streamLength}, the command
   * ended; null when it runs). Then a piece may start after the bytes received, when all bytes in
   * between would be dropped anyway: the head is complete and the piece starts no later than the final
   * tail ({@link #next}). The bytes in between count as received and not kept; the tail kept so far,
   * which lies before them, is dropped. Null when the gap is not allowed.
   */
  Plan plan(Stored stored, long offset, int length, Long streamLength) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset " + offset + ", length " + length);
    }
    boolean gap = offset > stored.total();
    if (gap && !maySkipTo(stored, offset, streamLength)) {
      return null;
    }
    Stored from = gap ? new Stored(stored.headBytes(), offset) : stored;
    int skipped = (int) Math.min(length, from.total() - offset);
    boolean headOpen = from.total() == from.headBytes();
    long headFree = headOpen ? Math.max(0, headCap - from.headBytes()) : 0;
    int headTake = (int) Math.min(headFree, length - skipped);
    long headBytes = from.headBytes() + headTake;
    long total = Math.max(from.total(), offset + length);
    long tailStart = Math.max(headBytes, total - tailCap);
    if (gap) {
      tailStart = Math.max(tailStart, offset);
    }
    int tailFrom = (int) Math.max(skipped + headTake, Math.min(length, tailStart - offset));
    return new Plan(skipped, skipped, skipped + headTake, tailFrom, length, new Stored(headBytes, total), tailStart);
  }

  /**
   * Where the sender goes on after {@code stored}: the end of what was received, or, when it knows the
   * stream's final length and the head is complete, the start of the final tail if that lies further
   * on. What lies between is never kept, so it need not be sent.
   */
  long next(Stored stored, Long streamLength) {
    if (streamLength == null || !headComplete(stored)) {
      return stored.total();
    }
    return Math.max(stored.total(), streamLength - tailCap);
  }

  private boolean maySkipTo(Stored stored, long offset, Long streamLength) {
    return streamLength != null && headComplete(stored) && offset <= streamLength - tailCap;
  }

  private boolean headComplete(Stored stored) {
    return stored.headBytes() >= headCap || stored.total() > stored.headBytes();
  }
}
