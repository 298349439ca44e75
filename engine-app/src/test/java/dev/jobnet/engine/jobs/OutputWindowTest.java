package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.jobs.OutputWindow.Plan;
import dev.jobnet.engine.jobs.OutputWindow.Stored;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The head and tail kept of a stream, as plans applied to a store kept in memory. */
class OutputWindowTest {

  /** What {@link OutputStore} keeps, without pieces: the head, the tail and where the tail starts. */
  private static final class Kept {
    final OutputWindow window;
    Stored stored = new Stored(0, 0);
    byte[] head = new byte[0];
    byte[] tail = new byte[0];
    long tailStart;

    Kept(OutputWindow window) {
      this.window = window;
    }

    /** Applies one request; the total received, or -1 for a gap. */
    long send(byte[] stream, long offset, int length) {
      return send(stream, offset, length, null);
    }

    /** The same from a sender that knows the stream's final length (or null). */
    long send(byte[] stream, long offset, int length, Long streamLength) {
      byte[] body = Arrays.copyOfRange(stream, (int) offset, (int) offset + length);
      Plan plan = window.plan(stored, offset, body.length, streamLength);
      if (plan == null) {
        return -1;
      }
      head = concat(head, Arrays.copyOfRange(body, plan.headFrom(), plan.headTo()));
      long appendedAt = offset + plan.tailFrom();
      byte[] appended = Arrays.copyOfRange(body, plan.tailFrom(), plan.length());
      if (appended.length > 0) {
        if (tail.length == 0 || tailStart + tail.length != appendedAt) {
          // not after the kept tail: then the whole kept tail lies before the new window
          assertThat(appendedAt).as("a new tail starts the window").isEqualTo(plan.tailStart());
          tail = appended;
          tailStart = appendedAt;
        } else {
          tail = concat(tail, appended);
        }
      }
      if (plan.tailStart() > tailStart && tail.length > 0) {
        int drop = (int) Math.min(tail.length, plan.tailStart() - tailStart);
        tail = Arrays.copyOfRange(tail, drop, tail.length);
        tailStart += drop;
      }
      stored = plan.after();
      return stored.total();
    }

    private static byte[] concat(byte[] a, byte[] b) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(a);
      out.writeBytes(b);
      return out.toByteArray();
    }
  }

  private static byte[] stream(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + i / 251);
    }
    return bytes;
  }

  @Test
  void aSmallStreamIsKeptWhole() {
    // given
    Kept kept = new Kept(OutputWindow.ofCap(100));
    byte[] s = stream(80);
    // when
    kept.send(s, 0, 30);
    long total = kept.send(s, 30, 50);
    // then: the first 50 in the head, the rest in the tail, nothing dropped
    assertThat(total).isEqualTo(80);
    assertThat(kept.head).isEqualTo(Arrays.copyOfRange(s, 0, 50));
    assertThat(kept.tail).isEqualTo(Arrays.copyOfRange(s, 50, 80));
  }

  @Test
  void aLargeStreamKeepsItsFirstAndLastBytes() {
    // given
    Kept kept = new Kept(OutputWindow.ofCap(100));
    byte[] s = stream(1000);
    // when: in pieces of 7
    for (int offset = 0; offset < s.length; offset += 7) {
      kept.send(s, offset, Math.min(7, s.length - offset));
    }
    // then
    assertThat(kept.stored.total()).isEqualTo(1000);
    assertThat(kept.head).isEqualTo(Arrays.copyOfRange(s, 0, 50));
    assertThat(kept.tail).isEqualTo(Arrays.copyOfRange(s, 950, 1000));
  }

  @Test
  void oneBodyLargerThanTheCapKeepsOnlyItsEnds() {
    // given
    OutputWindow window = OutputWindow.ofCap(100);
    // when
    Plan plan = window.plan(new Stored(0, 0), 0, 1000);
    // then: head 0..50, tail 950..1000, the 900 between dropped at once
    assertThat(plan.headFrom()).isZero();
    assertThat(plan.headTo()).isEqualTo(50);
    assertThat(plan.tailFrom()).isEqualTo(950);
    assertThat(plan.tailStart()).isEqualTo(950);
    assertThat(plan.after()).isEqualTo(new Stored(50, 1000));
  }

  @Test
  void bytesReceivedBeforeAreSkipped() {
    // given: 60 bytes received
    OutputWindow window = OutputWindow.ofCap(100);
    Stored stored = new Stored(50, 60);
    // when: a piece from 40 to 70 (the agent did not get the last answer)
    Plan plan = window.plan(stored, 40, 30);
    // then: only 60..70 are new, they go to the tail
    assertThat(plan.skipped()).isEqualTo(20);
    assertThat(plan.hasHead()).isFalse();
    assertThat(plan.tailFrom()).isEqualTo(20);
    assertThat(plan.after().total()).isEqualTo(70);
  }

  @Test
  void aPieceReceivedWhollyBeforeChangesNothing() {
    // when
    Plan plan = OutputWindow.ofCap(100).plan(new Stored(50, 60), 10, 20);
    // then
    assertThat(plan.skipped()).isEqualTo(20);
    assertThat(plan.hasHead()).isFalse();
    assertThat(plan.hasTail()).isFalse();
    assertThat(plan.after()).isEqualTo(new Stored(50, 60));
  }

  @Test
  void aGapIsRefused() {
    assertThat(OutputWindow.ofCap(100).plan(new Stored(50, 60), 61, 5)).isNull();
  }

  @Test
  void aSenderThatKnowsTheFinalLengthGoesOnAtTheFinalTailOnceTheHeadIsComplete() {
    OutputWindow window = OutputWindow.ofCap(100);
    assertThat(window.next(new Stored(50, 60), null)).as("length unknown").isEqualTo(60);
    assertThat(window.next(new Stored(30, 30), 1000L)).as("head incomplete").isEqualTo(30);
    assertThat(window.next(new Stored(50, 50), 1000L)).as("head just full").isEqualTo(950);
    assertThat(window.next(new Stored(50, 60), 1000L)).isEqualTo(950);
    assertThat(window.next(new Stored(50, 980), 1000L)).as("already in the final tail").isEqualTo(980);
  }

  @Test
  void skippingToTheFinalTailKeepsTheSameHeadAndTailAsSendingEverything() {
    // given: 1,000 bytes, cap 100; the first 60 sent while the command ran
    byte[] s = stream(1000);
    Kept kept = new Kept(OutputWindow.ofCap(100));
    kept.send(s, 0, 60);
    // when: the command ended; the sender goes on where the window says
    long next = kept.window.next(kept.stored, 1000L);
    long total = kept.send(s, next, (int) (1000 - next), 1000L);
    // then
    assertThat(next).isEqualTo(950);
    assertThat(total).isEqualTo(1000);
    assertThat(kept.head).isEqualTo(Arrays.copyOfRange(s, 0, 50));
    assertThat(kept.tail).as("the tail kept before the gap is dropped").isEqualTo(Arrays.copyOfRange(s, 950, 1000));
  }

  @Test
  void aSkipIsRefusedWithoutTheFinalLengthWhileTheHeadIsIncompleteOrIntoTheFinalTail() {
    OutputWindow window = OutputWindow.ofCap(100);
    assertThat(window.plan(new Stored(50, 60), 900, 10, null)).as("length unknown").isNull();
    assertThat(window.plan(new Stored(30, 30), 950, 50, 1000L)).as("head incomplete").isNull();
    assertThat(window.plan(new Stored(50, 60), 951, 49, 1000L)).as("would leave out bytes of the final tail").isNull();
    assertThat(window.plan(new Stored(50, 60), 950, 50, 1000L)).isNotNull();
  }

  @Test
  void theHeadStopsGrowingOnceBytesWentToTheTailEvenIfTheCapGrows() {
    // given: 60 bytes kept with a cap of 100 (head 50, tail 10)
    Stored stored = new Stored(50, 60);
    // when: the cap is raised to 1000
    Plan plan = OutputWindow.ofCap(1000).plan(stored, 60, 10);
    // then: the head stays the first 50 bytes
    assertThat(plan.hasHead()).isFalse();
    assertThat(plan.after().headBytes()).isEqualTo(50);
  }

  @Test
  void randomPiecesRepeatsAndGapsAlwaysLeaveTheEndsOfTheStream() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      // given
      int cap = 2 + random.nextInt(300);
      byte[] s = stream(random.nextInt(3000));
      Kept kept = new Kept(OutputWindow.ofCap(cap));
      // when: pieces that sometimes repeat bytes already sent, sometimes leave a gap (refused)
      long sent = 0;
      while (sent < s.length) {
        long from = Math.max(0, sent - random.nextInt(20) + (random.nextInt(10) == 0 ? 25 : 0));
        from = Math.min(from, s.length - 1);
        int length = (int) Math.min(s.length - from, 1 + random.nextInt(cap * 2));
        long answer = kept.send(s, from, length);
        if (from > sent) {
          assertThat(answer).as("gap refused").isEqualTo(-1);
        } else {
          sent = answer;
        }
      }
      // then
      long headCap = cap / 2;
      long tailCap = cap - headCap;
      int headEnd = (int) Math.min(headCap, s.length);
      assertThat(kept.stored.total()).isEqualTo(s.length);
      assertThat(kept.head).as("head of round %d", round).isEqualTo(Arrays.copyOfRange(s, 0, headEnd));
      int tailFrom = (int) Math.max(headEnd, s.length - tailCap);
      assertThat(kept.tail).as("tail of round %d", round).isEqualTo(Arrays.copyOfRange(s, tailFrom, s.length));
      assertThat(kept.head.length + kept.tail.length).isLessThanOrEqualTo(cap);
    }
  }

  @Test
  void randomPiecesThenASkipOnceTheLengthIsKnownAlwaysLeaveTheEndsOfTheStream() {
    Random random = new Random(43);
    for (int round = 0; round < 200; round++) {
      // given: a part of the stream sent while the command ran
      int cap = 2 + random.nextInt(300);
      byte[] s = stream(1 + random.nextInt(3000));
      Kept kept = new Kept(OutputWindow.ofCap(cap));
      long sent = 0;
      long whileRunning = random.nextInt(s.length);
      while (sent < whileRunning) {
        sent = kept.send(s, sent, (int) Math.min(whileRunning - sent, 1 + random.nextInt(cap * 2)));
      }
      // when: the rest in pieces, each where the window says to go on
      long length = s.length;
      while (sent < length) {
        long from = kept.window.next(kept.stored, length);
        if (from >= length) {
          break;
        }
        sent = kept.send(s, from, (int) Math.min(length - from, 1 + random.nextInt(cap * 2)), length);
        assertThat(sent).as("round %d: a skip the window asked for is taken", round).isPositive();
      }
      // then
      long headCap = cap / 2;
      long tailCap = cap - headCap;
      int headEnd = (int) Math.min(headCap, s.length);
      int tailFrom = (int) Math.max(headEnd, s.length - tailCap);
      assertThat(kept.stored.total()).isEqualTo(s.length);
      assertThat(kept.head).as("head of round %d", round).isEqualTo(Arrays.copyOfRange(s, 0, headEnd));
      assertThat(kept.tail).as("tail of round %d", round).isEqualTo(Arrays.copyOfRange(s, tailFrom, s.length));
    }
  }
}
